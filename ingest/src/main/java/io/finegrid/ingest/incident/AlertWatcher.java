package io.finegrid.ingest.incident;

import io.finegrid.ingest.follow.TopicFollower;
import io.finegrid.model.topic.Topics;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Follows {@code fg.alerts} into {@link OpenAlerts}: the round trip that lets a resident's report
 * carry the device alarm it is about. A record that is no alert transition is counted and
 * skipped (the alerting service dead-letters it).
 */
public final class AlertWatcher implements AutoCloseable {
    private final TopicFollower follower;
    private final LongAdder undecodable = new LongAdder();

    public AlertWatcher(String bootstrap, Map<String, Object> kafkaProperties, OpenAlerts open) {
        this.follower = new TopicFollower(bootstrap, kafkaProperties, Topics.ALERTS.name(), v -> {
            if (v == null) {
                return;
            }
            try {
                open.apply(Topics.ALERTS.deserialize(v));
            } catch (RuntimeException e) {
                undecodable.increment();
            }
        });
    }

    public AlertWatcher start() {
        follower.start();
        return this;
    }

    public long undecodable() {
        return undecodable.sum();
    }

    @Override
    public void close() {
        follower.close();
    }
}

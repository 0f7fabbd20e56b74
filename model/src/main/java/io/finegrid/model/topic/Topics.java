package io.finegrid.model.topic;

import io.finegrid.model.alert.AlertAck;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.NotificationRecord;
import io.finegrid.model.alert.Silence;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.device.NormalizedEvent;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.device.NormalizedStatus;
import io.finegrid.model.request.NormalizedRequest;
import java.util.List;

/** Every Kafka topic of CONTRACT §3, the only place their names are spelled. */
public final class Topics {
    public static final Topic<NormalizedReading> TELEMETRY =
            new Topic<>("fg.telemetry", NormalizedReading.class, NormalizedReading::deviceId, false);
    public static final Topic<NormalizedEvent> EVENTS =
            new Topic<>("fg.events", NormalizedEvent.class, NormalizedEvent::deviceId, false);
    public static final Topic<NormalizedStatus> STATUS =
            new Topic<>("fg.status", NormalizedStatus.class, NormalizedStatus::deviceId, false);
    public static final Topic<NormalizedRequest> REQUESTS =
            new Topic<>("fg.requests", NormalizedRequest.class, NormalizedRequest::requestId, false);
    public static final Topic<DeadLetter> DLQ =
            new Topic<>("fg.dlq", DeadLetter.class, DeadLetter::source, false);
    public static final Topic<AlertTransition> ALERTS =
            new Topic<>("fg.alerts", AlertTransition.class, AlertTransition::alertId, false);
    public static final Topic<AlertAck> ALERT_ACKS =
            new Topic<>("fg.alert-acks", AlertAck.class, AlertAck::alertId, false);
    public static final Topic<ConfigDocument> CONFIG =
            new Topic<>("fg.config", ConfigDocument.class, ConfigDocument::key, true);

    /** The alerting service's silences (FineGrid's extension; compacted by silence id). */
    public static final Topic<Silence> SILENCES =
            new Topic<>("fg.silences", Silence.class, Silence::id, true);
    /** The alerting service's notification log (FineGrid's extension; compacted by notification id). */
    public static final Topic<NotificationRecord> NOTIFICATIONS =
            new Topic<>("fg.notifications", NotificationRecord.class, NotificationRecord::id, true);

    public static final List<Topic<?>> ALL =
            List.of(TELEMETRY, EVENTS, STATUS, REQUESTS, DLQ, ALERTS, ALERT_ACKS, CONFIG, SILENCES, NOTIFICATIONS);

    private Topics() {}

    /** The topic of this name; for serializable code that can only carry the name. */
    public static Topic<?> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a FineGrid topic: " + name));
    }
}

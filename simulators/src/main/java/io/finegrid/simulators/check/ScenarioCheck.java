package io.finegrid.simulators.check;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.topic.Topics;
import io.finegrid.simulators.scenario.Expectation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code --check}: reads {@code fg.alerts} and tells, for each alert a scenario expects, whether
 * it fired within its window (offsets from the run's start, by the alert's {@code updatedAt}).
 */
public final class ScenarioCheck {
    /** One expectation and what was found for it. */
    public record Verdict(Expectation expected, AlertTransition found) {
        public boolean met() {
            return found != null;
        }

        public String line(long start) {
            return (met() ? "ok      " : "MISSING ") + expected.fingerprint() + " within [" + expected.fromMs() / 1000 + " s, "
                    + expected.toMs() / 1000 + " s]" + (met() ? ": fired at " + (found.updatedAt() - start) / 1000 + " s" : "");
        }
    }

    private ScenarioCheck() {}

    /** The verdicts, once every expectation is met or {@code timeout} has passed. */
    public static List<Verdict> verify(String bootstrap, String community, long start, List<Expectation> expectations,
                                       Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<AlertTransition> firing = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(Topics.ALERTS.name(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (true) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    try {
                        AlertTransition t = Topics.ALERTS.deserialize(r.value());
                        if (community.equals(t.community()) && t.state() == AlertState.FIRING && t.updatedAt() >= start) {
                            firing.add(t);
                        }
                    } catch (RuntimeException e) {
                        // not an alert transition: the alerting service dead-letters it
                    }
                }
                List<Verdict> v = judge(expectations, firing, start);
                if (v.stream().allMatch(Verdict::met) || System.nanoTime() > deadline) {
                    return v;
                }
            }
        }
    }

    public static List<Verdict> judge(List<Expectation> expectations, List<AlertTransition> firing, long start) {
        List<Verdict> out = new ArrayList<>();
        for (Expectation e : expectations) {
            AlertTransition hit = firing.stream().filter(t -> t.fingerprint().equals(e.fingerprint())
                            && t.updatedAt() - start >= e.fromMs() && t.updatedAt() - start <= e.toMs())
                    .findFirst().orElse(null);
            out.add(new Verdict(e, hit));
        }
        return out;
    }
}

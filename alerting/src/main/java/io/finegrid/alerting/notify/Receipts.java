package io.finegrid.alerting.notify;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which {@code fg.alerts} offsets may be committed: everything read, except what still waits in
 * a group that has not gone out (and been logged) yet. A crash loses no transition: the
 * uncommitted ones are read again, and the log tells which of them already went where.
 */
public final class Receipts {
    public record Receipt(TopicPartition partition, long offset) {}

    private final Map<TopicPartition, TreeMap<Long, Integer>> held = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();

    public void read(TopicPartition tp, long offset) {
        next.merge(tp, offset + 1, Math::max);
    }

    public void hold(Receipt r) {
        held.computeIfAbsent(r.partition(), k -> new TreeMap<>()).merge(r.offset(), 1, Integer::sum);
    }

    public void release(Receipt r) {
        TreeMap<Long, Integer> h = held.get(r.partition());
        if (h != null && h.merge(r.offset(), -1, Integer::sum) <= 0) {
            h.remove(r.offset());
        }
    }

    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        next.forEach((tp, n) -> {
            TreeMap<Long, Integer> h = held.get(tp);
            out.put(tp, new OffsetAndMetadata(h == null || h.isEmpty() ? n : h.firstKey()));
        });
        return out;
    }

    public void forget(TopicPartition tp) {
        held.remove(tp);
        next.remove(tp);
    }
}

package io.finegrid.ingest;

import io.finegrid.model.codec.TopicKind;
import io.finegrid.model.deadletter.Reason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the gateway has done: received, accepted per kind, rejected per reason, acknowledged, in flight. */
public final class IngestCounters {
    private final Map<TopicKind, LongAdder> accepted = new EnumMap<>(TopicKind.class);
    private final Map<Reason, LongAdder> rejected = new EnumMap<>(Reason.class);
    private final LongAdder mqttMessages = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peakInFlight = new AtomicLong();

    public IngestCounters() {
        for (TopicKind k : TopicKind.values()) {
            accepted.put(k, new LongAdder());
        }
        for (Reason r : Reason.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    void onReceived() {
        mqttMessages.increment();
        long now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
    }

    void onAccepted(TopicKind kind) {
        accepted.get(kind).increment();
    }

    void onRejected(Reason reason) {
        rejected.get(reason).increment();
    }

    void onAcknowledged() {
        acknowledged.increment();
        inFlight.decrementAndGet();
    }

    /** A message the gateway gave up on while closing: left unacknowledged for the broker to redeliver. */
    void onAbandoned() {
        inFlight.decrementAndGet();
    }

    public long mqttMessages() {
        return mqttMessages.sum();
    }

    public long acceptedOf(TopicKind kind) {
        return accepted.get(kind).sum();
    }

    public long acceptedTotal() {
        return accepted.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long rejected(Reason reason) {
        return rejected.get(reason).sum();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long acknowledged() {
        return acknowledged.sum();
    }

    public long peakInFlight() {
        return peakInFlight.get();
    }

    public long inFlight() {
        return inFlight.get();
    }
}

package io.finegrid.platform.bench;

import io.finegrid.model.codec.Decoded;
import io.finegrid.model.codec.Normalized;
import io.finegrid.model.codec.PayloadCodec;
import io.finegrid.model.config.CommunityConfig;
import io.finegrid.simulators.trace.Message;
import io.finegrid.simulators.trace.TraceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts a recorded trace ({@code finegrid record}, or {@code simulate --record}) on Kafka as the
 * ingest gateway would: every message decoded and normalized by the gateway's own codec, to the
 * topic its kind goes to. The codec's clock is the trace's (each message's recorded time), so a
 * trace of any age passes the gateway's time checks as it did when it was recorded.
 */
final class TraceLoad {
    /** What the trace gave: records on Kafka, and messages the gateway would have refused. */
    record Loaded(long records, long refused) {}

    private TraceLoad() {}

    static Loaded produce(String bootstrap, Path trace, CommunityConfig community) throws Exception {
        TraceClock clock = new TraceClock();
        PayloadCodec codec = new PayloadCodec(clock, community.directory());
        AtomicLong sent = new AtomicLong();
        long records = 0;
        long refused = 0;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "1",
                "linger.ms", 20, "batch.size", 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
             Progress bar = new Progress("produce", 0, sent::get, sent::get, sent::get)) {
            for (Iterator<Message> it = TraceFile.read(trace); it.hasNext(); ) {
                Message m = it.next();
                clock.now = m.at();
                Decoded d = codec.decode(m.topic(), m.payload().getBytes(StandardCharsets.UTF_8));
                refused += d.rejected().size();
                for (Normalized n : d.accepted()) {
                    Normalized.KafkaRecord r = n.toKafka();
                    p.send(new ProducerRecord<>(r.topic(), r.key(), r.value()), (md, ex) -> sent.incrementAndGet());
                    records++;
                }
            }
            p.flush();
        }
        return new Loaded(records, refused);
    }

    /** The time of the message being decoded. */
    private static final class TraceClock extends Clock {
        private long now;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public long millis() {
            return now;
        }
    }
}

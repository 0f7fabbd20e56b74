package io.finegrid.simulators.run;

import io.finegrid.simulators.publish.Connections;
import io.finegrid.simulators.publish.Pacer;
import io.finegrid.simulators.publish.ProgressLine;
import io.finegrid.simulators.trace.Message;
import io.finegrid.simulators.trace.TraceFile;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays messages out: each at its time (the pacer), to the broker (the connections), to a trace
 * file, or both, with a progress line. Stops at the end of the messages or when asked.
 */
public final class Simulation implements AutoCloseable {
    private final Iterator<Message> messages;
    private final Pacer pacer;
    private final Connections broker;
    private final TraceFile.Writer trace;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong played = new AtomicLong();

    public Simulation(Iterator<Message> messages, Pacer pacer, Connections broker, TraceFile.Writer trace) {
        this.messages = messages;
        this.pacer = pacer;
        this.broker = broker;
        this.trace = trace;
    }

    /** What a run did. */
    public record Result(long played, long sent, long acked, long failed, double seconds, long maxLagMs) {}

    public Result run(String label, long expected, boolean progress) throws Exception {
        long start = System.nanoTime();
        long maxLag = 0;
        try (ProgressLine line = progress ? new ProgressLine(label, expected,
                () -> broker == null ? played.get() : broker.sent(), () -> broker == null ? played.get() : broker.acked(),
                pacer::lagMs) : null) {
            while (!stopped.get() && messages.hasNext()) {
                Message m = messages.next();
                pacer.await(m.at());
                maxLag = Math.max(maxLag, pacer.lagMs());
                if (broker != null) {
                    broker.send(m);
                }
                if (trace != null) {
                    trace.write(m);
                }
                played.incrementAndGet();
            }
            if (broker != null) {
                broker.drain();
            }
        }
        return new Result(played.get(), broker == null ? 0 : broker.sent(), broker == null ? 0 : broker.acked(),
                broker == null ? 0 : broker.failed(), (System.nanoTime() - start) / 1e9, maxLag);
    }

    public long played() {
        return played.get();
    }

    public void stop() {
        stopped.set(true);
    }

    @Override
    public void close() throws Exception {
        stop();
        if (broker != null) {
            broker.close();
        }
        if (trace != null) {
            trace.close();
        }
    }
}

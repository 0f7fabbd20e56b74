package io.finegrid.simulators.publish;

import java.util.Locale;
import java.util.function.LongSupplier;

/** A progress line on stderr, once a second: done of total, rate, sent, acknowledged, lag. */
public final class ProgressLine implements AutoCloseable {
    private final Thread thread;
    private final long start = System.nanoTime();
    private volatile boolean running = true;

    public ProgressLine(String label, long total, LongSupplier sent, LongSupplier acked, LongSupplier lagMs) {
        thread = new Thread(() -> {
            long lastSent = 0;
            long lastAt = System.nanoTime();
            while (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long s = sent.getAsLong();
                long now = System.nanoTime();
                double rate = (s - lastSent) / ((now - lastAt) / 1e9);
                lastSent = s;
                lastAt = now;
                int width = 30;
                int filled = total <= 0 ? 0 : (int) Math.min(width, width * s / total);
                System.err.printf(Locale.ROOT, "\r%-9s [%s%s] %5.0f s  sent %,d  acked %,d  %,.0f msg/s  lag %,d ms   ",
                        label, "#".repeat(filled), ".".repeat(width - filled), (now - start) / 1e9, s, acked.getAsLong(),
                        rate, lagMs.getAsLong());
            }
        }, "fg-progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        System.err.println();
    }
}

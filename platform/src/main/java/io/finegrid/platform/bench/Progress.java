package io.finegrid.platform.bench;

import java.util.Locale;
import java.util.function.LongSupplier;

/** A one-line progress bar on stderr: done/total, rate, and whatever else the run reports. */
final class Progress implements AutoCloseable {
    private final String label;
    private final long total;
    private final LongSupplier done;
    private final LongSupplier acked;
    private final LongSupplier received;
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    Progress(String label, long total, LongSupplier sent, LongSupplier acked, LongSupplier received) {
        this.label = label;
        this.total = total;
        this.done = sent;
        this.acked = acked;
        this.received = received;
        this.thread = new Thread(this::loop, "fg-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            print();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void print() {
        double secs = (System.nanoTime() - start) / 1e9;
        long s = done.getAsLong();
        long r = received.getAsLong();
        int width = 30;
        int filled = (int) Math.min(width, width * r / Math.max(1, total));
        System.err.printf(Locale.ROOT, "\r%-8s [%s%s] sent %,d  acked %,d  received %,d  lag %,d  %,.0f msg/s   ",
                label, "#".repeat(filled), ".".repeat(width - filled), s, acked.getAsLong(), r, s - r, r / Math.max(secs, 1e-3));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        print();
        System.err.println();
    }
}

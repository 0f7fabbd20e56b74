package io.finegrid.simulators.publish;

/**
 * Keeps a trace's own rhythm at {@code speed} times real time ({@code Double.POSITIVE_INFINITY}:
 * as fast as the broker takes it): message k leaves at wallStart + (at_k - at_0) / speed.
 */
public final class Pacer {
    private final double speed;
    private long traceStart = Long.MIN_VALUE;
    private long wallStart;
    private volatile long lagMs;

    public Pacer(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be above 0, or max");
        }
        this.speed = speed;
    }

    public static Pacer parse(String s) {
        return new Pacer(s.equalsIgnoreCase("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(s));
    }

    public void await(long at) throws InterruptedException {
        long now = System.currentTimeMillis();
        if (traceStart == Long.MIN_VALUE) {
            traceStart = at;
            wallStart = now;
        }
        if (Double.isInfinite(speed)) {
            return;
        }
        long due = wallStart + (long) ((at - traceStart) / speed);
        if (due > now) {
            Thread.sleep(due - now);
            lagMs = 0;
        } else {
            lagMs = now - due;
        }
    }

    /** How far behind its rhythm the run is (ms). */
    public long lagMs() {
        return lagMs;
    }

    public double speed() {
        return speed;
    }
}

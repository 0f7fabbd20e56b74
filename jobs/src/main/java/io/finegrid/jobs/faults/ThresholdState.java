package io.finegrid.jobs.faults;

/**
 * Where one threshold rule stands for one device. No state at all means idle: nothing breached.
 * {@code breachSince} is the event time the condition started to hold.
 */
public class ThresholdState {
    public long breachSince;
    public boolean firing;
    public double lastValue;

    public ThresholdState() {}

    public ThresholdState(long breachSince, boolean firing, double lastValue) {
        this.breachSince = breachSince;
        this.firing = firing;
        this.lastValue = lastValue;
    }
}

package io.finegrid.jobs.rollup;

/**
 * The {@code telemetry_1m} fields of one device metric in one minute. Pure and mergeable:
 * {@code last} is the value with the latest event time (on a tie, the later-seen reading).
 */
public class MinuteStats {
    public long count;
    public double sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public long lastTs = Long.MIN_VALUE;
    public double last;

    public MinuteStats add(long ts, double v) {
        count++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (ts >= lastTs) {
            lastTs = ts;
            last = v;
        }
        return this;
    }

    public MinuteStats merge(MinuteStats o) {
        count += o.count;
        sum += o.sum;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        if (o.lastTs >= lastTs) {
            lastTs = o.lastTs;
            last = o.last;
        }
        return this;
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }
}

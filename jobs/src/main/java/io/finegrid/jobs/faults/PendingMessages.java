package io.finegrid.jobs.faults;

import java.util.Arrays;

/**
 * Message times of one device that the watermark has not passed yet, oldest first, each with
 * whether the message said "going offline". The offline rules take them in this order once
 * nothing older can arrive. Arrays kept sorted by insertion from the end: messages come nearly in
 * order, so that is a step or two. A Flink POJO.
 */
public class PendingMessages {
    public long[] times = new long[4];
    public boolean[] offline = new boolean[4];
    public int size;

    public void add(long ts, boolean goingOffline) {
        int i = size - 1;
        while (i >= 0 && times[i] > ts) {
            i--;
        }
        if (i >= 0 && times[i] == ts) {
            offline[i] |= goingOffline;
            return;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            offline = Arrays.copyOf(offline, size * 2);
        }
        int at = i + 1;
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(offline, at, offline, at + 1, size - at);
        times[at] = ts;
        offline[at] = goingOffline;
        size++;
    }

    /** How many are at or before {@code t} (they come first). */
    public int countUpTo(long t) {
        int n = 0;
        while (n < size && times[n] <= t) {
            n++;
        }
        return n;
    }

    /** Drops the first {@code n}. */
    public void dropFirst(int n) {
        System.arraycopy(times, n, times, 0, size - n);
        System.arraycopy(offline, n, offline, 0, size - n);
        size -= n;
    }

    public boolean isEmpty() {
        return size == 0;
    }
}

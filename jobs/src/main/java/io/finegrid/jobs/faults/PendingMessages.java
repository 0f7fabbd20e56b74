package io.finegrid.jobs.faults;

import java.util.Arrays;

/**
 * Message times of one device that the watermark has not passed yet, oldest first, each with
 * whether the message said "going offline". The offline rules take them in this order once
 * nothing older can arrive. Arrays kept sorted by insertion from the end: messages come nearly in
 * order, so that is a step or two. A Flink POJO.
 *
 * <p>{@link #offline} is null while no pending message says "going offline" (nearly always: only
 * a Last Will or an announced shutdown does): every message of every device lands here, and the
 * flags' array was one more cold cache line for each.
 */
public class PendingMessages {
    public long[] times = new long[4];
    /** Per message, whether it said "going offline"; null when none pending did. */
    public boolean[] offline;
    public int size;

    public void add(long ts, boolean goingOffline) {
        int i = size - 1;
        while (i >= 0 && times[i] > ts) {
            i--;
        }
        if (goingOffline && offline == null) {
            offline = new boolean[times.length];
        }
        if (i >= 0 && times[i] == ts) {
            if (goingOffline) {
                offline[i] = true;
            }
            return;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            if (offline != null) {
                offline = Arrays.copyOf(offline, size * 2);
            }
        }
        int at = i + 1;
        System.arraycopy(times, at, times, at + 1, size - at);
        times[at] = ts;
        if (offline != null) {
            System.arraycopy(offline, at, offline, at + 1, size - at);
            offline[at] = goingOffline;
        }
        size++;
    }

    /** The newest pending time, read only to bring it into the cache (see DeviceState#touch). */
    long touch() {
        return size > 0 ? times[size - 1] : 0;
    }

    /** Whether the {@code i}th pending message said "going offline". */
    public boolean goingOffline(int i) {
        return offline != null && offline[i];
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
        size -= n;
        if (offline != null) {
            if (size == 0) {
                offline = null; // back to the common case
            } else {
                System.arraycopy(offline, n, offline, 0, size);
            }
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }
}

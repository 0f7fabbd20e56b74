package io.finegrid.jobs.hygiene;

import java.util.Arrays;

/**
 * The sequence numbers one device sent within the duplicate horizon, to drop redeliveries (same
 * device, same {@code seq}). Two parallel arrays rather than a map: a device sends tens to a few
 * hundred messages per horizon, a scan of that many longs costs less than hashing, and the whole
 * thing is one small value to read, write and checkpoint. A Flink POJO.
 */
public class RecentSeqs {
    public long[] seqs = new long[8];
    public long[] times = new long[8];
    public int size;
    /**
     * No kept seq is above this (Long.MIN_VALUE: not known yet, as in state saved before it was
     * kept). A device's next message is nearly always its highest seq so far, so most messages are
     * judged new here, without reading the arrays.
     */
    public long highest = Long.MIN_VALUE;

    /** Whether {@code seq} was seen; scans newest first, where redeliveries are. */
    public boolean contains(long seq) {
        if (size == 0) {
            return false;
        }
        if (seq > highest()) {
            return false;
        }
        for (int i = size - 1; i >= 0; i--) {
            if (seqs[i] == seq) {
                return true;
            }
        }
        return false;
    }

    /**
     * Remembers {@code seq} sent at {@code ts}; when full, first forgets what is older than
     * {@code horizonMs} before {@code ts}, and grows only if that frees nothing.
     */
    public void add(long seq, long ts, long horizonMs) {
        if (size == seqs.length) {
            forgetBefore(ts - horizonMs);
            if (size * 2 > seqs.length) {
                seqs = Arrays.copyOf(seqs, seqs.length * 2);
                times = Arrays.copyOf(times, times.length * 2);
            }
        }
        highest = Math.max(highest(), seq);
        seqs[size] = seq;
        times[size] = ts;
        size++;
    }

    private long highest() {
        if (highest == Long.MIN_VALUE && size > 0) {
            long h = Long.MIN_VALUE;
            for (int i = 0; i < size; i++) {
                h = Math.max(h, seqs[i]);
            }
            highest = h;
        }
        return highest;
    }

    /** Forgets every entry sent at or before {@code t}; keeps the others in order. */
    public void forgetBefore(long t) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] > t) {
                seqs[kept] = seqs[i];
                times[kept] = times[i];
                kept++;
            }
        }
        size = kept;
    }
}

package io.finegrid.jobs.hygiene;

import java.util.Arrays;

/**
 * The sequence numbers one device sent within the duplicate horizon, to drop redeliveries (same
 * device, same {@code seq}). Kept as runs of consecutive seqs, each with the oldest and newest
 * time any of its messages was sent: a device numbers its messages one after another, so a run
 * holds minutes of them in four numbers. The run being extended sits in this object's own
 * fields, so that a message in order (nearly every one) reads and writes nothing else. A list of
 * every seq with its time was two kilobytes per device and one more cold cache line per message,
 * most of what the device rules kept and touched.
 *
 * <p>A seq is remembered for at least the horizon: a run stops counting once its newest message
 * was sent more than the horizon before the message being checked (and is dropped when room is
 * needed); and a run takes no message that would make it span more than a quarter of the
 * horizon, so a seq counts for at most 1.25 horizons, and a device that restarts its numbering is
 * not taken for a redelivery for longer than that. Out-of-order seqs start runs of their own (one
 * seq each, at worst). A Flink POJO.
 */
public class RecentSeqs {
    /** Numbers per closed run in {@link #closed}: first seq, last seq, oldest time, newest time. */
    private static final int RUN = 4;

    /** Whether the open run below holds anything. */
    public boolean open;
    /** The open run: seqs {@code first..last}, sent between {@code oldest} and {@code newest}. */
    public long first;
    public long last;
    public long oldest;
    public long newest;
    /** Closed runs, {@value #RUN} numbers each, oldest first; {@link #closedRuns} in use. */
    public long[] closed = new long[2 * RUN];
    public int closedRuns;
    /** No kept seq is above this (Long.MIN_VALUE: none kept): most messages are judged new here. */
    public long highest = Long.MIN_VALUE;

    /**
     * Whether {@code seq} was seen within {@code horizonMs} before {@code ts}, the time of the
     * message that carries it; the open run first, then the closed ones newest first. A run whose
     * newest message is older than that counts as forgotten even before room is needed: a device
     * that restarted its numbering, and whose every new seq falls in the old runs, would otherwise
     * never free the room that forgets them.
     */
    public boolean contains(long seq, long ts, long horizonMs) {
        if (seq > highest) {
            return false;
        }
        long since = ts - horizonMs;
        if (open && seq >= first && seq <= last && newest >= since) {
            return true;
        }
        for (int r = closedRuns - 1; r >= 0; r--) {
            int at = r * RUN;
            if (seq >= closed[at] && seq <= closed[at + 1] && closed[at + 3] >= since) {
                return true;
            }
        }
        return false;
    }

    /**
     * Remembers {@code seq} sent at {@code ts} (not {@link #contains contained}): extends the open
     * run when it is the next seq and the run stays within a quarter of {@code horizonMs}, else
     * opens a new run, first forgetting, when the closed runs are full, those wholly older than the
     * horizon before {@code ts}.
     */
    public void add(long seq, long ts, long horizonMs) {
        if (open && seq == last + 1 && Math.max(newest, ts) - Math.min(oldest, ts) <= horizonMs / 4) {
            last = seq;
            oldest = Math.min(oldest, ts);
            newest = Math.max(newest, ts);
        } else {
            if (open) {
                close(ts - horizonMs);
            }
            open = true;
            first = seq;
            last = seq;
            oldest = ts;
            newest = ts;
        }
        highest = Math.max(highest, seq);
    }

    /** Moves the open run to the closed ones. */
    private void close(long forgetUpTo) {
        if (closed == null) { // state saved in an older form, without closed runs
            closed = new long[2 * RUN];
            closedRuns = 0;
        }
        if ((closedRuns + 1) * RUN > closed.length) {
            forgetBefore(forgetUpTo);
            if (2 * closedRuns * RUN > closed.length) {
                closed = Arrays.copyOf(closed, closed.length * 2);
            }
        }
        int at = closedRuns * RUN;
        closed[at] = first;
        closed[at + 1] = last;
        closed[at + 2] = oldest;
        closed[at + 3] = newest;
        closedRuns++;
        open = false;
    }

    /** How many seqs are kept. */
    public long size() {
        long n = open ? last - first + 1 : 0;
        for (int r = 0; r < closedRuns; r++) {
            n += closed[r * RUN + 1] - closed[r * RUN] + 1;
        }
        return n;
    }

    /** How many closed runs fit before the array grows. */
    public int capacity() {
        return closed == null ? 0 : closed.length / RUN;
    }

    /**
     * Forgets every closed run whose newest message was sent at or before {@code t}; keeps the
     * others in order, and the open run.
     */
    public void forgetBefore(long t) {
        int kept = 0;
        long high = open ? last : Long.MIN_VALUE;
        for (int r = 0; r < closedRuns; r++) {
            int at = r * RUN;
            if (closed[at + 3] > t) {
                System.arraycopy(closed, at, closed, kept * RUN, RUN);
                high = Math.max(high, closed[at + 1]);
                kept++;
            }
        }
        closedRuns = kept;
        highest = high;
    }
}

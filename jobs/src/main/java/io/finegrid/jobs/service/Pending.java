package io.finegrid.jobs.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Inputs that come from many keys upstream, so in no fixed order: held until the watermark
 * passes them, then taken in event-time order (ties by {@code order}), which makes what is
 * decided from them the same in every replay.
 */
final class Pending {
    private Pending() {}

    /** Removes from {@code pending} and returns, in order, everything at or before {@code t}. */
    static <T> List<T> takeUpTo(List<T> pending, long t, ToLongFunction<T> time, Comparator<T> order) {
        List<T> due = new ArrayList<>();
        for (Iterator<T> it = pending.iterator(); it.hasNext(); ) {
            T x = it.next();
            if (time.applyAsLong(x) <= t) {
                due.add(x);
                it.remove();
            }
        }
        due.sort(order);
        return due;
    }
}

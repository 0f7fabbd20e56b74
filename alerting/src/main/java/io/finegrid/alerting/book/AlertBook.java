package io.finegrid.alerting.book;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The alerts as they stand: the latest transition of every alert on {@code fg.alerts} (read from
 * the beginning, then followed). Resolved alerts are kept for a day, for the API and the console.
 */
public final class AlertBook {
    static final long KEEP_RESOLVED_MS = Duration.ofDays(1).toMillis();

    private final Map<String, AlertTransition> latest = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<AlertTransition>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Takes a transition; an older one of the same alert (a repeat, out of order) changes nothing. */
    public void apply(AlertTransition t) {
        AlertTransition before = latest.get(t.alertId());
        AlertTransition after = latest.merge(t.alertId(), t, (old, now) -> newer(now, old) ? now : old);
        if (after == t && !t.equals(before)) {
            listeners.forEach(l -> l.accept(t));
        }
    }

    /** Hears every transition that changes the book (the live console's stream). */
    public Runnable listen(java.util.function.Consumer<AlertTransition> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private static boolean newer(AlertTransition a, AlertTransition b) {
        if (a.updatedAt() != b.updatedAt()) {
            return a.updatedAt() > b.updatedAt();
        }
        return a.state() == AlertState.RESOLVED || a.escalationLevel() > b.escalationLevel()
                || (a.state() == AlertState.ACKNOWLEDGED && b.state() != AlertState.RESOLVED);
    }

    public Optional<AlertTransition> get(String alertId) {
        return Optional.ofNullable(latest.get(alertId));
    }

    /** Alerts not resolved. */
    public List<AlertTransition> open() {
        return find(t -> t.state() != AlertState.RESOLVED);
    }

    public Collection<AlertTransition> all() {
        return latest.values();
    }

    /** Matching alerts, newest first. */
    public List<AlertTransition> find(Predicate<AlertTransition> p) {
        return latest.values().stream().filter(p)
                .sorted(Comparator.comparingLong(AlertTransition::updatedAt).reversed()).toList();
    }

    /** Forgets alerts resolved more than a day before {@code now}. */
    public void sweep(long now) {
        latest.values().removeIf(t -> t.state() == AlertState.RESOLVED && t.updatedAt() + KEEP_RESOLVED_MS < now);
    }
}

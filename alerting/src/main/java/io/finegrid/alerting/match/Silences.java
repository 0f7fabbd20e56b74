package io.finegrid.alerting.match;

import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Silence;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The silences in force, as {@code fg.silences} has them (updated by the silence feed). */
public final class Silences {
    private final Map<String, Silence> byId = new ConcurrentHashMap<>();

    public void put(Silence s) {
        byId.put(s.id(), s);
    }

    public void remove(String id) {
        byId.remove(id);
    }

    public Optional<Silence> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The silence that hides {@code t} at wall-clock time {@code now}, if any. */
    public Optional<Silence> silencing(AlertTransition t, long now) {
        return byId.values().stream().filter(s -> s.activeAt(now) && Labels.matches(s.matchers(), t)).findFirst();
    }

    /** Silences not yet over at {@code now}, soonest ending first. */
    public List<Silence> current(long now) {
        return byId.values().stream().filter(s -> s.endsAt() > now)
                .sorted(java.util.Comparator.comparingLong(Silence::endsAt)).toList();
    }
}

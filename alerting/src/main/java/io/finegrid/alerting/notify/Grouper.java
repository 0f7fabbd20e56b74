package io.finegrid.alerting.notify;

import io.finegrid.model.alert.AlertTransition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Groups transitions for one recipient and channel in one grid and category: the first opens a
 * group, which goes out {@code waitMs} later with everything that joined it, so a burst of 40
 * offline detectors in one building is one message. Each transition brings a receipt (its Kafka
 * offset), handed back with the group once it has gone out. Time is the caller's.
 */
public final class Grouper<R> {
    private final LongSupplier waitMs;
    private final Map<String, Group<R>> open = new LinkedHashMap<>();

    public Grouper(long waitMs) {
        this(() -> waitMs);
    }

    /** A wait read at every look, so a new responsibility list's {@code groupWait} applies to open groups too. */
    public Grouper(LongSupplier waitMs) {
        this.waitMs = waitMs;
    }

    /** One message to be: who, over what, and which transitions. */
    public record Group<R>(String key, Target target, long openedAt, List<AlertTransition> alerts, List<R> receipts) {}

    public void add(Target target, AlertTransition t, R receipt, long now) {
        String key = target.recipient() + "|" + target.channel() + "|" + target.address() + "|" + t.grid() + "|" + t.category();
        open.computeIfAbsent(key, k -> new Group<>(k, target, now, new ArrayList<>(), new ArrayList<>()));
        Group<R> g = open.get(key);
        g.alerts().add(t);
        g.receipts().add(receipt);
    }

    /** The groups whose wait is over at {@code now}, removed from the open ones. */
    public List<Group<R>> due(long now) {
        List<Group<R>> out = new ArrayList<>();
        long wait = waitMs.getAsLong();
        Iterator<Group<R>> it = open.values().iterator();
        while (it.hasNext()) {
            Group<R> g = it.next();
            if (g.openedAt() + wait <= now) {
                out.add(g);
                it.remove();
            }
        }
        return out;
    }

    public int openGroups() {
        return open.size();
    }
}

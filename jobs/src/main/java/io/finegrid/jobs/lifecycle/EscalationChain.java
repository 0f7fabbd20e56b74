package io.finegrid.jobs.lifecycle;

import io.finegrid.jobs.registry.Registry;
import io.finegrid.model.alert.Assignee;
import java.util.List;

/**
 * Who hears of an alert nobody acknowledges, and when: level 0 is the owning crew, level k the
 * k-th {@code escalate} entry of the responsibility list, due {@code after} the alert started.
 */
public record EscalationChain(List<Level> levels) {
    public static final long NONE = Long.MIN_VALUE;

    public record Level(long afterMs, Assignee to) {}

    public static EscalationChain of(Registry registry, String grid, String category) {
        if (category == null) {
            return new EscalationChain(List.of());
        }
        return new EscalationChain(registry.escalation(grid, category).stream()
                .map(e -> new Level(e.after().toMillis(), registry.recipient(e.to()))).toList());
    }

    /** When level {@code level} (1-based) is due for an alert that started at {@code startsAt}; NONE past the end. */
    public long dueAt(long startsAt, int level) {
        return level >= 1 && level <= levels.size() ? startsAt + levels.get(level - 1).afterMs() : NONE;
    }

    public Assignee to(int level) {
        return levels.get(level - 1).to();
    }
}

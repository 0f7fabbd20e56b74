package io.finegrid.jobs.faults;

/** A detector's verdict: the alert starts firing or resolves, at event time {@code at}. */
public record Transition(Kind kind, long startsAt, long at, double value) {
    public enum Kind { FIRING, RESOLVED }
}

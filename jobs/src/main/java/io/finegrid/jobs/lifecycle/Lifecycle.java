package io.finegrid.jobs.lifecycle;

import io.finegrid.model.alert.AlertAck;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import java.util.List;
import java.util.TreeSet;

/**
 * The decisions of an alert's lifecycle, one function per signal: each takes what is kept of the
 * alert (null: nothing) and returns the transition to publish, if any, and what to keep. Within
 * one alert the states run firing -> (acknowledged | escalated)* -> resolved, and every transition
 * is published once:
 * <ul>
 *   <li>detectors raise and clear; a repeated detector transition (a replay after a restart) is
 *       not published again;</li>
 *   <li>a person acknowledges (escalation stops) or resolves; an alert a person resolved while its
 *       condition still holds stays resolved, and its detector's own resolution later is not
 *       published: the condition must clear and come back to raise a new alert;</li>
 *   <li>an alert nobody acknowledged climbs its escalation chain, each level stamped with the
 *       event time it fell due.</li>
 * </ul>
 */
public final class Lifecycle {
    private Lifecycle() {}

    /** {@code publish}: the transition to send (or null); {@code keep}: the new record (null: forget the alert); {@code note}: why a signal changed nothing. */
    public record Step(AlertTransition publish, AlertRecord keep, Outcome outcome, String note) {
        static Step publish(AlertTransition t, AlertRecord keep) {
            return new Step(t, keep, Outcome.PUBLISHED, null);
        }

        static Step nothing(AlertRecord keep, Outcome outcome, String note) {
            return new Step(null, keep, outcome, note);
        }
    }

    /** PUBLISHED: a transition; KEPT: recorded without one; IGNORED: nothing to do (a repeat, or too late); REFUSED: an acknowledgement for no alert held. */
    public enum Outcome { PUBLISHED, KEPT, IGNORED, REFUSED }

    public static Step detected(AlertRecord r, AlertTransition t, EscalationChain chain) {
        if (t.state() == AlertState.FIRING) {
            if (r != null) {
                return Step.nothing(r, Outcome.IGNORED, "already raised");
            }
            return Step.publish(t, new AlertRecord(t, chain.dueAt(t.startsAt(), 1)));
        }
        if (r == null) {
            return Step.nothing(null, Outcome.IGNORED, "cleared, but never raised here");
        }
        if (r.closedByPerson()) {
            return Step.nothing(null, Outcome.IGNORED, "already resolved by " + r.current.actor());
        }
        AlertTransition c = r.current;
        AlertTransition resolved = t.next(AlertState.RESOLVED, Math.max(t.updatedAt(), c.updatedAt()),
                c.escalationLevel(), c.assignee(), null).withRequestIds(merge(c.requestIds(), t.requestIds()));
        return Step.publish(resolved, null);
    }

    public static Step acknowledged(AlertRecord r, AlertAck a) {
        if (r == null) {
            return Step.nothing(null, Outcome.REFUSED, "no open alert " + a.alertId());
        }
        AlertTransition c = r.current;
        if (c.state() == AlertState.RESOLVED) {
            return Step.nothing(r, Outcome.IGNORED, "already resolved");
        }
        long at = Math.max(a.ts(), c.updatedAt());
        if (a.action() == AlertAck.Action.RESOLVE) {
            AlertTransition resolved = c.next(AlertState.RESOLVED, at, c.escalationLevel(), c.assignee(), a.by());
            return Step.publish(resolved, new AlertRecord(resolved, EscalationChain.NONE));
        }
        if (c.state() == AlertState.ACKNOWLEDGED) {
            return Step.nothing(r, Outcome.IGNORED, "already acknowledged by " + c.actor());
        }
        AlertTransition acked = c.next(AlertState.ACKNOWLEDGED, at, c.escalationLevel(), c.assignee(), a.by());
        return Step.publish(acked, new AlertRecord(acked, EscalationChain.NONE));
    }

    /** The escalation due at {@code r.escalationDue}, judged at event time {@code at}. */
    public static Step escalationDue(AlertRecord r, long at, EscalationChain chain) {
        if (r == null || r.escalationDue == EscalationChain.NONE || at < r.escalationDue) {
            return Step.nothing(r, Outcome.IGNORED, "not due");
        }
        AlertTransition c = r.current;
        if (c.state() != AlertState.FIRING && c.state() != AlertState.ESCALATED) {
            return Step.nothing(new AlertRecord(c, EscalationChain.NONE), Outcome.IGNORED, "someone answered");
        }
        int level = c.escalationLevel() + 1;
        if (chain.dueAt(c.startsAt(), level) == EscalationChain.NONE) {
            // The chain was shortened by a configuration change: nobody further to tell.
            return Step.nothing(new AlertRecord(c, EscalationChain.NONE), Outcome.IGNORED, "end of the chain");
        }
        AlertTransition escalated = c.next(AlertState.ESCALATED, r.escalationDue, level, chain.to(level), null);
        return Step.publish(escalated, new AlertRecord(escalated, chain.dueAt(c.startsAt(), level + 1)));
    }

    /** A resident's request about this alert: it rides on the alert's next transitions. */
    public static Step linked(AlertRecord r, String requestId) {
        if (r == null || r.closedByPerson()) {
            return Step.nothing(r, Outcome.IGNORED, "no open alert");
        }
        List<String> ids = merge(r.current.requestIds(), List.of(requestId));
        if (ids.equals(r.current.requestIds())) {
            return Step.nothing(r, Outcome.IGNORED, "already linked");
        }
        return Step.nothing(new AlertRecord(r.current.withRequestIds(ids), r.escalationDue), Outcome.KEPT, null);
    }

    private static List<String> merge(List<String> a, List<String> b) {
        TreeSet<String> all = new TreeSet<>();
        if (a != null) {
            all.addAll(a);
        }
        if (b != null) {
            all.addAll(b);
        }
        return all.isEmpty() ? null : List.copyOf(all);
    }
}

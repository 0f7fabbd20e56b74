package io.finegrid.jobs.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.finegrid.model.alert.AlertAck;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Assignee;
import io.finegrid.model.alert.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    static final Assignee CREW = new Assignee("utility", "crew-water");
    static final Assignee MANAGER = new Assignee("committee", "gm-north");
    static final Assignee OFFICE = new Assignee("street", "street-office");
    static final EscalationChain CHAIN = new EscalationChain(List.of(
            new EscalationChain.Level(15 * 60_000, MANAGER), new EscalationChain.Level(60 * 60_000, OFFICE)));

    static AlertTransition detector(AlertState state, long at) {
        return new AlertTransition("a-1", "pump-low|wp-1", "pump-low", state, Severity.MAJOR, "water_supply", "c1", "G1",
                "B01", "wp-1", null, state == AlertState.FIRING ? "pressure low" : "pressure back", 0.1, 1_000, at, 0,
                CREW, null);
    }

    static AlertAck ack(AlertAck.Action action, long ts, String by) {
        return new AlertAck("a-1", action, by, ts, null);
    }

    @Test
    void anUnansweredAlertClimbsTheChainAtItsDueTimesAndStopsAtTheEnd() {
        Lifecycle.Step fired = Lifecycle.detected(null, detector(AlertState.FIRING, 1_000), CHAIN);
        assertEquals(AlertState.FIRING, fired.publish().state());
        assertEquals(1_000 + 15 * 60_000, fired.keep().escalationDue);

        Lifecycle.Step early = Lifecycle.escalationDue(fired.keep(), 1_000 + 15 * 60_000 - 1, CHAIN);
        assertNull(early.publish(), "not before its due time");

        Lifecycle.Step first = Lifecycle.escalationDue(fired.keep(), 2_000_000, CHAIN);
        assertEquals(AlertState.ESCALATED, first.publish().state());
        assertEquals(1, first.publish().escalationLevel());
        assertEquals(MANAGER, first.publish().assignee());
        assertEquals(1_000 + 15 * 60_000, first.publish().updatedAt(), "stamped with when it fell due, not when judged");
        assertEquals(1_000 + 60 * 60_000, first.keep().escalationDue);

        Lifecycle.Step second = Lifecycle.escalationDue(first.keep(), 1_000 + 60 * 60_000, CHAIN);
        assertEquals(2, second.publish().escalationLevel());
        assertEquals(OFFICE, second.publish().assignee());
        assertEquals(EscalationChain.NONE, second.keep().escalationDue, "nobody after the street office");
    }

    @Test
    void anAcknowledgementStopsEscalationAndAResolutionByTheDetectorKeepsTheLevelAndOwner() {
        AlertRecord escalated = Lifecycle.escalationDue(
                Lifecycle.detected(null, detector(AlertState.FIRING, 1_000), CHAIN).keep(), 1_000 + 15 * 60_000, CHAIN).keep();
        Lifecycle.Step acked = Lifecycle.acknowledged(escalated, ack(AlertAck.Action.ACK, 1_000_000, "gm-north"));
        assertEquals(AlertState.ACKNOWLEDGED, acked.publish().state());
        assertEquals("gm-north", acked.publish().actor());
        assertEquals(1, acked.publish().escalationLevel());
        assertEquals(EscalationChain.NONE, acked.keep().escalationDue);
        assertNull(Lifecycle.escalationDue(acked.keep(), 1_000 + 60 * 60_000, CHAIN).publish(), "no escalation once answered");
        assertEquals(Lifecycle.Outcome.IGNORED,
                Lifecycle.acknowledged(acked.keep(), ack(AlertAck.Action.ACK, 1_100_000, "crew-water")).outcome(),
                "a second acknowledgement is no transition");

        Lifecycle.Step cleared = Lifecycle.detected(acked.keep(), detector(AlertState.RESOLVED, 2_000_000), CHAIN);
        assertEquals(AlertState.RESOLVED, cleared.publish().state());
        assertEquals(MANAGER, cleared.publish().assignee());
        assertEquals("pressure back", cleared.publish().summary());
        assertNull(cleared.publish().actor());
        assertNull(cleared.keep(), "forgotten once resolved");
    }

    @Test
    void anAlertResolvedByAPersonStaysResolvedUntilItsDetectorLetsGo() {
        AlertRecord firing = Lifecycle.detected(null, detector(AlertState.FIRING, 1_000), CHAIN).keep();
        Lifecycle.Step closed = Lifecycle.acknowledged(firing, ack(AlertAck.Action.RESOLVE, 5_000, "crew-water"));
        assertEquals(AlertState.RESOLVED, closed.publish().state());
        assertEquals(5_000, closed.publish().updatedAt());
        assertEquals("crew-water", closed.publish().actor());
        assertEquals(Lifecycle.Outcome.IGNORED,
                Lifecycle.acknowledged(closed.keep(), ack(AlertAck.Action.ACK, 6_000, "gm-north")).outcome());
        assertNull(Lifecycle.escalationDue(closed.keep(), 10_000_000, CHAIN).publish());
        Lifecycle.Step detectorDone = Lifecycle.detected(closed.keep(), detector(AlertState.RESOLVED, 9_000), CHAIN);
        assertNull(detectorDone.publish(), "resolved once only");
        assertNull(detectorDone.keep());
    }

    @Test
    void repeatsAndStrangersChangeNothingAndAnAcknowledgementForNoAlertIsRefused() {
        AlertRecord firing = Lifecycle.detected(null, detector(AlertState.FIRING, 1_000), CHAIN).keep();
        assertNull(Lifecycle.detected(firing, detector(AlertState.FIRING, 1_000), CHAIN).publish(),
                "a redelivered raise is not published twice");
        assertEquals(Lifecycle.Outcome.REFUSED,
                Lifecycle.acknowledged(null, ack(AlertAck.Action.ACK, 5_000, "crew-water")).outcome());
        assertEquals(Lifecycle.Outcome.IGNORED,
                Lifecycle.detected(null, detector(AlertState.RESOLVED, 5_000), CHAIN).outcome());
    }

    @Test
    void anAcknowledgementStampedBeforeTheLastTransitionTakesItsTime() {
        AlertRecord firing = Lifecycle.detected(null, detector(AlertState.FIRING, 1_000), CHAIN).keep();
        Lifecycle.Step acked = Lifecycle.acknowledged(firing, ack(AlertAck.Action.ACK, 500, "crew-water"));
        assertEquals(1_000, acked.publish().updatedAt(), "updatedAt never goes back within an alert");
    }

    @Test
    void linkedRequestsRideOnTheNextTransitions() {
        AlertRecord firing = Lifecycle.detected(null, detector(AlertState.FIRING, 1_000).withRequestIds(List.of("R-2")),
                CHAIN).keep();
        Lifecycle.Step linked = Lifecycle.linked(firing, "R-1");
        assertNull(linked.publish());
        assertEquals(Lifecycle.Outcome.IGNORED, Lifecycle.linked(linked.keep(), "R-1").outcome());
        Lifecycle.Step acked = Lifecycle.acknowledged(linked.keep(), ack(AlertAck.Action.ACK, 5_000, "crew-water"));
        assertEquals(List.of("R-1", "R-2"), acked.publish().requestIds());
        Lifecycle.Step cleared = Lifecycle.detected(acked.keep(),
                detector(AlertState.RESOLVED, 9_000).withRequestIds(List.of("R-3")), CHAIN);
        assertEquals(List.of("R-1", "R-2", "R-3"), cleared.publish().requestIds());
    }
}

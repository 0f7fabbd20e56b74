package io.finegrid.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.jobs.faults.Transition;
import io.finegrid.model.config.ServicesConfig;
import io.finegrid.model.request.RequestStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceClocksTest {
    static final Duration RESPOND = Duration.ofMinutes(5);
    static final Duration RESOLVE = Duration.ofHours(1);
    static final long MIN = 60_000;

    static RequestUpdate u(long ts, RequestStatus status, String category) {
        RequestUpdate u = new RequestUpdate();
        u.community = "c1";
        u.requestId = "R-1";
        u.ts = ts;
        u.status = status;
        u.category = category;
        u.building = "B01";
        u.reporter = "r-1";
        return u;
    }

    @Test
    void outOfOrderAndRepeatedUpdatesGiveTheSameRequest() {
        RequestHistory ordered = new RequestHistory();
        ordered.add(u(0, RequestStatus.OPENED, "water_supply"));
        ordered.add(u(2 * MIN, RequestStatus.ASSIGNED, null));
        ordered.add(u(30 * MIN, RequestStatus.RESOLVED, null));
        RequestHistory shuffled = new RequestHistory();
        assertTrue(shuffled.add(u(30 * MIN, RequestStatus.RESOLVED, null)));
        assertTrue(shuffled.add(u(0, RequestStatus.OPENED, "water_supply")));
        assertFalse(shuffled.add(u(0, RequestStatus.OPENED, "water_supply")), "a redelivery");
        assertTrue(shuffled.add(u(2 * MIN, RequestStatus.ASSIGNED, null)));
        for (long t : new long[] {MIN, 10 * MIN, 40 * MIN}) {
            RequestView a = ordered.at(t);
            RequestView b = shuffled.at(t);
            assertEquals(a.status, b.status);
            assertEquals(a.respondedAt, b.respondedAt);
            assertEquals(a.finishedAt, b.finishedAt);
        }
        assertEquals(RequestStatus.ASSIGNED, shuffled.at(10 * MIN).status);
        assertEquals("water_supply", shuffled.at(40 * MIN).category);
        assertNull(shuffled.at(-1));
    }

    @Test
    void respondIsBreachedFromItsDueTimeUntilSomeoneTakesTheRequestOn() {
        RequestHistory h = new RequestHistory();
        h.add(u(0, RequestStatus.OPENED, "water_supply"));
        assertFalse(SlaClock.respond(h.at(5 * MIN - 1), RESPOND, 5 * MIN - 1).breached());
        SlaClock.Verdict late = SlaClock.respond(h.at(5 * MIN), RESPOND, 5 * MIN);
        assertTrue(late.breached());
        assertEquals(5 * MIN, late.due());
        h.add(u(7 * MIN, RequestStatus.ASSIGNED, null));
        assertTrue(SlaClock.respond(h.at(7 * MIN - 1), RESPOND, 7 * MIN - 1).breached());
        assertFalse(SlaClock.respond(h.at(7 * MIN), RESPOND, 7 * MIN).breached(), "caught up");
    }

    @Test
    void aReopenedRequestStartsANewResolveEpisode() {
        RequestHistory h = new RequestHistory();
        h.add(u(0, RequestStatus.OPENED, "water_supply"));
        h.add(u(MIN, RequestStatus.ASSIGNED, null));
        h.add(u(20 * MIN, RequestStatus.RESOLVED, null));
        assertFalse(SlaClock.resolve(h.at(2 * 60 * MIN), RESOLVE, 2 * 60 * MIN).breached());
        h.add(u(90 * MIN, RequestStatus.REOPENED, null));
        assertFalse(SlaClock.resolve(h.at(149 * MIN), RESOLVE, 149 * MIN).breached());
        SlaClock.Verdict v = SlaClock.resolve(h.at(150 * MIN), RESOLVE, 150 * MIN);
        assertTrue(v.breached());
        assertEquals(150 * MIN, v.due(), "due one hour after the reopening");
        assertFalse(SlaClock.respond(h.at(150 * MIN), RESPOND, 150 * MIN).breached(), "it had been taken on");
    }

    @Test
    void aCategoryChangeAppliesTheNewCategoryFromItsTime() {
        RequestHistory h = new RequestHistory();
        h.add(u(0, RequestStatus.OPENED, "water_supply"));
        h.add(u(MIN, RequestStatus.ASSIGNED, "elevator_fault"));
        assertEquals("water_supply", h.at(0).category);
        assertEquals("elevator_fault", h.at(MIN).category);
    }

    static final ServicesConfig.Consultation THREE = new ServicesConfig.Consultation(3, Duration.ofHours(1), "building");

    @Test
    void consultationNeedsDistinctReportersWithinTheWindow() {
        Consultation.Step s = Consultation.onReport(THREE, null, 0, "r-1");
        s = Consultation.onReport(THREE, s.state(), 10 * MIN, "r-1");
        s = Consultation.onReport(THREE, s.state(), 20 * MIN, "r-2");
        assertNull(s.transition(), "two distinct reporters");
        s = Consultation.onReport(THREE, s.state(), 30 * MIN, "r-3");
        assertEquals(Transition.Kind.FIRING, s.transition().kind());
        assertEquals(30 * MIN, s.transition().startsAt());
        assertEquals(60 * MIN, Consultation.dueAt(THREE, s.state()));
        Consultation.Step aged = Consultation.advanceTo(THREE, s.state(), 60 * MIN);
        assertNull(aged.transition(), "r-1 still reported at 10 min");
        aged = Consultation.advanceTo(THREE, aged.state(), 80 * MIN);
        assertEquals(Transition.Kind.RESOLVED, aged.transition().kind());
        assertEquals(80 * MIN, aged.transition().at(), "when r-2's report left the window");
        aged = Consultation.advanceTo(THREE, aged.state(), 200 * MIN);
        assertNull(aged.state(), "nothing left");
    }

    static RequestChange change(String id, long at, boolean open) {
        return new RequestChange("c1", "G1", "water_supply", id, at, open, false, at);
    }

    @Test
    void backlogFiresAboveTheLimitAndClosesMinutesWithTheirFigures() {
        Backlog b = new Backlog();
        assertNull(b.apply(change("R-1", 1_000, true), 2).transition());
        assertNull(b.apply(change("R-2", 2_000, true), 2).transition());
        Backlog.Step third = b.apply(change("R-3", 3_000, true), 2);
        assertEquals(Transition.Kind.FIRING, third.transition().kind());
        Backlog.Step done = b.apply(change("R-1", 61_000, false), 2);
        assertEquals(Transition.Kind.RESOLVED, done.transition().kind());
        assertEquals(new Backlog.Minute(0, 3, 0, 59, 3, 0), done.closed(), "minute 0 closed by the later change");
        assertEquals(120_000, b.minuteEnd());
        assertEquals(new Backlog.Minute(60_000, 2, 0, 118, 0, 1), b.closeBefore(120_000));
    }
}

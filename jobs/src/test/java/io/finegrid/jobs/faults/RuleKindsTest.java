package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.jobs.faults.Transition.Kind;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.config.RulesConfig.EventRule;
import io.finegrid.model.config.RulesConfig.FlatlineRule;
import io.finegrid.model.config.RulesConfig.OfflineRule;
import io.finegrid.model.config.RulesConfig.RateRule;
import io.finegrid.model.device.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Given inputs in arrival order, then exactly these transitions: one nested class per rule kind. */
class RuleKindsTest {

    @Nested
    class Rate {
        final RateRule rule = new RateRule("power-jump", "power_meter", Severity.MAJOR, "power_supply", "power_kw", 50);

        List<Transition> run(double[][] readings) {
            List<Transition> out = new ArrayList<>();
            RateDetector.State s = null;
            for (double[] r : readings) {
                RateDetector.Step st = RateDetector.onSample(rule, s, (long) r[0], r[1]);
                if (st.transition() != null) out.add(st.transition());
                s = st.state();
            }
            return out;
        }

        @Test
        void firesOnTheJumpAndResolvesWhenCalm() {
            assertEquals(List.of(new Transition(Kind.FIRING, 20_000, 20_000, 150), new Transition(Kind.RESOLVED, 20_000, 30_000, 152)),
                    run(new double[][] {{0, 100}, {10_000, 102}, {20_000, 150}, {30_000, 152}}));
        }

        @Test
        void scalesToAMinute() {
            // 40 kW in 30 s is 80 kW/min: over 50. 20 kW in 30 s is 40 kW/min: under.
            assertEquals(1, run(new double[][] {{0, 100}, {30_000, 140}}).size());
            assertEquals(0, run(new double[][] {{0, 100}, {30_000, 120}}).size());
        }

        @Test
        void outOfOrderAndDuplicateReadingsChangeNothing() {
            assertEquals(List.of(), run(new double[][] {{0, 100}, {10_000, 101}, {5_000, 400}, {10_000, 400}, {20_000, 102}}));
        }
    }

    @Nested
    class Flatline {
        final FlatlineRule rule = new FlatlineRule("temp-stuck", "temp_humidity", Severity.MINOR, "device_maintenance",
                "temp_c", Duration.ofMinutes(30));

        @Test
        void firesAtSincePlusWindowAndResolvesOnChange() {
            FlatlineDetector.State s = FlatlineDetector.onSample(rule, null, 0, 21.5).state();
            FlatlineDetector.Step a = FlatlineDetector.onSample(rule, s, 1_000_000, 21.5);
            assertNull(a.transition());
            assertEquals(1_800_000, FlatlineDetector.dueAt(rule, a.state()));
            FlatlineDetector.Step b = FlatlineDetector.onSample(rule, a.state(), 1_900_000, 21.5);
            assertEquals(new Transition(Kind.FIRING, 0, 1_800_000, 21.5), b.transition());
            FlatlineDetector.Step c = FlatlineDetector.onSample(rule, b.state(), 1_950_000, 21.7);
            assertEquals(new Transition(Kind.RESOLVED, 0, 1_950_000, 21.7), c.transition());
            assertEquals(1_950_000 + 1_800_000, FlatlineDetector.dueAt(rule, c.state()));
        }

        @Test
        void aDuplicateOfTheLastReadingDoesNotExtendAnythingAndTheTimerFires() {
            FlatlineDetector.State s = FlatlineDetector.onSample(rule, null, 0, 5).state();
            s = FlatlineDetector.onSample(rule, s, 60_000, 5).state();
            assertNull(FlatlineDetector.onSample(rule, s, 30_000, 9).transition(), "older reading ignored");
            assertEquals(Kind.FIRING, FlatlineDetector.advanceTo(rule, s, 1_800_000).transition().kind());
        }
    }

    @Nested
    class Event {
        final EventRule rule = new EventRule("lift-trapped", "elevator", Severity.CRITICAL, "elevator_trapped",
                EventType.FAULT, List.of("E30"), EventType.FAULT_CLEARED);

        @Test
        void faultWithListedCodeFiresAndItsClearResolves() {
            EventDetector.Step a = EventDetector.onEvent(rule, null, 100, EventType.FAULT, "E30");
            assertEquals(new Transition(Kind.FIRING, 100, 100, Double.NaN), a.transition());
            assertNull(EventDetector.onEvent(rule, a.state(), 150, EventType.FAULT, "E30").transition(), "repeat: nothing");
            assertNull(EventDetector.onEvent(rule, a.state(), 160, EventType.FAULT_CLEARED, "E12").transition(), "other code");
            EventDetector.Step b = EventDetector.onEvent(rule, a.state(), 200, EventType.FAULT_CLEARED, "E30");
            assertEquals(new Transition(Kind.RESOLVED, 100, 200, Double.NaN), b.transition());
            assertNull(b.state());
        }

        @Test
        void otherCodesAndTypesDoNotFire() {
            assertNull(EventDetector.onEvent(rule, null, 100, EventType.FAULT, "E12").transition());
            assertNull(EventDetector.onEvent(rule, null, 100, EventType.ALARM, "E30").transition());
            assertNull(EventDetector.onEvent(rule, null, 100, EventType.FAULT_CLEARED, "E30").state());
        }
    }

    @Nested
    class Offline {
        final OfflineRule rule = new OfflineRule("device-offline", "*", Severity.MINOR, "device_maintenance", 3);
        final Duration interval = Duration.ofSeconds(10);

        @Test
        void firesAfterMissedIntervalsAndResolvesOnTheNextMessage() {
            OfflineDetector.State s = OfflineDetector.onMessage(rule, interval, null, 1_000, false).state();
            assertEquals(31_000, OfflineDetector.dueAt(rule, interval, s));
            assertNull(OfflineDetector.advanceTo(rule, interval, s, 30_999).transition());
            OfflineDetector.Step f = OfflineDetector.advanceTo(rule, interval, s, 45_000);
            assertEquals(new Transition(Kind.FIRING, 31_000, 31_000, Double.NaN), f.transition());
            assertEquals(-1, OfflineDetector.dueAt(rule, interval, f.state()));
            OfflineDetector.Step r = OfflineDetector.onMessage(rule, interval, f.state(), 50_000, false);
            assertEquals(new Transition(Kind.RESOLVED, 31_000, 50_000, Double.NaN), r.transition());
        }

        @Test
        void theEarliestDueFollowsMessagesStillToBeFedOnlyAcrossSilencesTheyCannotBreak() {
            OfflineDetector.State s = OfflineDetector.onMessage(rule, interval, null, 1_000, false).state();
            long[] times = {11_000, 21_000, 60_000, 61_000};
            boolean[] none = new boolean[4];
            assertEquals(31_000, OfflineDetector.earliestDue(rule, interval, s, times, none, 0, 0));
            // 11 and 21 s each come within 30 s of the one before; 60 s comes after a silence of 39 s,
            // which the device is offline in whatever else may still arrive: due at 51 s.
            assertEquals(51_000, OfflineDetector.earliestDue(rule, interval, s, times, none, 0, 4));
            OfflineDetector.State at60 = OfflineDetector.onMessage(rule, interval, s, 60_000, false).state();
            assertEquals(91_000, OfflineDetector.earliestDue(rule, interval, at60, times, none, 3, 4));
            boolean[] lastWillAt21 = {false, true, false, false};
            assertEquals(41_000, OfflineDetector.earliestDue(rule, interval, s, times, lastWillAt21, 0, 4));
            OfflineDetector.State firing = OfflineDetector.advanceTo(rule, interval, s, 40_000).state();
            assertEquals(-1, OfflineDetector.earliestDue(rule, interval, firing, times, none, 0, 4));
        }

        /** Against feeding the messages one by one, on random ascending runs from random states. */
        @Test
        void quietMessagesEndInTheStateFeedingThemOneByOneGivesAndAnyOtherRunIsLeftToIt() {
            java.util.Random random = new java.util.Random(11);
            int quiet = 0;
            for (int trial = 0; trial < 5_000; trial++) {
                OfflineDetector.State s = random.nextInt(10) == 0 ? null
                        : new OfflineDetector.State(100_000 + random.nextInt(20_000), random.nextInt(8) == 0, 0);
                long[] times = new long[random.nextInt(15)];
                long t = 90_000 + random.nextInt(20_000);
                for (int i = 0; i < times.length; i++) {
                    t += random.nextInt(random.nextInt(6) == 0 ? 40_000 : 25_000);
                    times[i] = t;
                }
                OfflineDetector.State fed = s;
                boolean anyTransition = false;
                for (long m : times) {
                    OfflineDetector.Step a = OfflineDetector.advanceTo(rule, interval, fed, m);
                    OfflineDetector.Step b = OfflineDetector.onMessage(rule, interval, a.state(), m, false);
                    anyTransition |= a.transition() != null || b.transition() != null;
                    fed = b.state();
                }
                OfflineDetector.State fast = OfflineDetector.afterQuietMessages(rule, interval, s, times, 0, times.length);
                if (fast == null) {
                    continue;
                }
                quiet++;
                assertFalse(anyTransition, "trial " + trial + ": a run with a transition taken for quiet");
                assertEquals(fed.lastSeen, fast.lastSeen, "trial " + trial);
                assertEquals(fed.firing, fast.firing, "trial " + trial);
                assertEquals(fed.startsAt, fast.startsAt, "trial " + trial);
            }
            assertTrue(quiet > 1_000 && quiet < 4_500, "both kinds of run were tried: " + quiet + " quiet");
        }

        @Test
        void lastWillMakesTheDeviceOfflineAtOnce() {
            OfflineDetector.State s = OfflineDetector.onMessage(rule, interval, null, 1_000, false).state();
            OfflineDetector.Step will = OfflineDetector.onMessage(rule, interval, s, 2_000, true);
            assertEquals(new Transition(Kind.FIRING, 2_000, 2_000, Double.NaN), will.transition());
            assertNull(OfflineDetector.onMessage(rule, interval, will.state(), 1_500, false).transition(), "older message");
        }
    }
}

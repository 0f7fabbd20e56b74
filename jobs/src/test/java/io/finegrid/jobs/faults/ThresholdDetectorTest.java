package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.finegrid.model.alert.Severity;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import io.finegrid.model.config.RulesConfig.ThresholdRule.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given readings in event-time order, then exactly these transitions. */
class ThresholdDetectorTest {
    static final ThresholdRule LOW = new ThresholdRule("pump-low-pressure", "water_pump", Severity.MAJOR,
            "water_supply", "pressure_mpa", Direction.BELOW, 0.15, 0.18, Duration.ofSeconds(60));
    static final ThresholdRule HIGH_NOW = new ThresholdRule("hot", "*", Severity.MINOR, "x", "t",
            Direction.ABOVE, 50, 50, Duration.ZERO);

    /** Feeds (ts, value) pairs as the operator does: advance to ts, then the sample; then a final time. */
    static List<Transition> run(ThresholdRule rule, double[][] readings, long finalTime) {
        List<Transition> out = new ArrayList<>();
        ThresholdState s = null;
        for (double[] r : readings) {
            ThresholdDetector.Step a = ThresholdDetector.advanceTo(rule, s, (long) r[0]);
            if (a.transition() != null) out.add(a.transition());
            ThresholdDetector.Step b = ThresholdDetector.onSample(rule, a.state(), (long) r[0], r[1]);
            if (b.transition() != null) out.add(b.transition());
            s = b.state();
        }
        ThresholdDetector.Step end = ThresholdDetector.advanceTo(rule, s, finalTime);
        if (end.transition() != null) out.add(end.transition());
        return out;
    }

    @Test
    void firesExactlyWhenTheBreachHasHeldForTheDuration() {
        List<Transition> t = run(LOW, new double[][] {{0, 0.3}, {10_000, 0.1}, {20_000, 0.11}, {70_000, 0.12}, {80_000, 0.1}}, 80_000);
        assertEquals(List.of(new Transition(Transition.Kind.FIRING, 10_000, 70_000, 0.11)), t);
    }

    @Test
    void firesOnTimeEvenWithoutAFurtherReading() {
        List<Transition> t = run(LOW, new double[][] {{10_000, 0.1}}, 70_000);
        assertEquals(List.of(new Transition(Transition.Kind.FIRING, 10_000, 70_000, 0.1)), t);
        assertEquals(List.of(), run(LOW, new double[][] {{10_000, 0.1}}, 69_999));
    }

    @Test
    void aBreachInterruptedBeforeTheDurationDoesNotFire() {
        assertEquals(List.of(), run(LOW, new double[][] {{0, 0.1}, {50_000, 0.16}, {60_000, 0.1}, {110_000, 0.1}}, 119_999));
    }

    @Test
    void hysteresisResolvesOnlyPastTheClearLevel() {
        List<Transition> t = run(LOW, new double[][] {{0, 0.1}, {60_000, 0.1}, {70_000, 0.16}, {80_000, 0.14},
                {90_000, 0.17}, {100_000, 0.18}, {110_000, 0.14}}, 110_000);
        assertEquals(List.of(new Transition(Transition.Kind.FIRING, 0, 60_000, 0.1),
                new Transition(Transition.Kind.RESOLVED, 0, 100_000, 0.18)), t);
    }

    @Test
    void zeroDurationFiresOnTheBreachingReading() {
        List<Transition> t = run(HIGH_NOW, new double[][] {{5, 49}, {6, 51}, {7, 52}, {8, 50}}, 8);
        assertEquals(List.of(new Transition(Transition.Kind.FIRING, 6, 6, 51),
                new Transition(Transition.Kind.RESOLVED, 6, 8, 50)), t);
    }

    @Test
    void idleStateIsNoStateAtAll() {
        assertNull(ThresholdDetector.onSample(LOW, null, 0, 0.5).state());
        assertNull(ThresholdDetector.onSample(LOW, new ThresholdState(0, true, 0.1), 5, 0.2).state());
        assertEquals(-1, ThresholdDetector.dueAt(LOW, null));
        assertEquals(60_000, ThresholdDetector.dueAt(LOW, new ThresholdState(0, false, 0.1)));
    }
}

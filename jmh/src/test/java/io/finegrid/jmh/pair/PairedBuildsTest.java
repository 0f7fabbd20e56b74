package io.finegrid.jmh.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedBuildsTest {
    @Test
    void eachBuildGetsItsOwnFineGridClassesAndSharesTheRest() throws Exception {
        URL[] build = PairedBuilds.thisBuild().toArray(URL[]::new);
        ClassLoader parent = PairedBuildsTest.class.getClassLoader();
        try (BuildLoader a = new BuildLoader("a", build, parent); BuildLoader b = new BuildLoader("b", build, parent)) {
            String rules = "io.finegrid.jobs.faults.DeviceRules";
            assertNotSame(a.loadClass(rules), b.loadClass(rules), "one operator class per build");
            assertSame(a, a.loadClass(rules).getClassLoader());
            assertSame(parent.loadClass(SharedKey.class.getName()), a.loadClass(SharedKey.class.getName()),
                    "the key selector the harness deserializes is the application's");
            String flink = "org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness";
            assertSame(a.loadClass(flink), b.loadClass(flink), "Flink is shared");
        }
    }

    @Test
    void twoCopiesOfOneBuildEmitTheSameAndBothAreTimed() throws Exception {
        List<URL> build = PairedBuilds.thisBuild();
        PairedBuilds.Result r = PairedBuilds.run(new PairedBuilds.Options(build, build, 60_000, 500, 5_000));
        assertEquals(r.baseEmitted(), r.changedEmitted());
        assertTrue(r.baseEmitted().matches("\\d+ alert transitions, [1-9]\\d* rollup lines"), r.baseEmitted());
        assertTrue(r.baseNanos() > 0 && r.changedNanos() > 0, r::toString);
        assertTrue(r.lowerQuartile() <= r.medianStepRatio() && r.medianStepRatio() <= r.upperQuartile(), r::toString);
    }

    @Test
    void tooFewReadingsForAWarmUpAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PairedBuilds.Options(List.of(), List.of(), 10_000, 500, 5_000));
    }
}

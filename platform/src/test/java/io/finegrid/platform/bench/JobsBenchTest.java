package io.finegrid.platform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsBenchTest {
    @Test
    void aJobIsWarmOnceTheJitCompilerTakesUnderFivePercentOfACore() {
        // The FineGrid job's first measured run after one warm-up: the compiler still busy.
        assertFalse(JobsBench.settled(Map.of(CpuShare.JIT, 16.9, "device-rules -> Map", 80.6)));
        assertFalse(JobsBench.settled(Map.of(CpuShare.JIT, 5.0)), "the bound itself is not settled");
        assertTrue(JobsBench.settled(Map.of(CpuShare.JIT, 2.1, "device-rules -> Map", 92.0)));
        // Off Linux the compiler is not told apart (no /proc): a run is taken as warm.
        assertTrue(JobsBench.settled(Map.of("jvm (JIT compilers, GC)", 40.0)));
    }

    @Test
    void theMedianRoundIsTheMiddleRatioOrTheLowerMiddleOne() {
        assertEquals(2, JobsBench.medianIndex(new double[] {0.37, 0.58, 0.46}));
        assertEquals(0, JobsBench.medianIndex(new double[] {0.44, 0.51, 0.40, 0.52}));
    }
}

package io.finegrid.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks run to the end (a failing one yields no figure): how fast is for `finegrid bench hot`. */
class HotPathsTest {
    @Test
    void everyBenchmarkGivesAFigure() throws Exception {
        List<HotPaths.Figure> figures = HotPaths.run(true);
        assertEquals(6, figures.size(), figures::toString);
        for (HotPaths.Figure f : figures) {
            assertTrue(f.nanos() > 0 && Double.isFinite(f.nanos()), f::toString);
        }
        HotPaths.find(figures, "DeviceRulesBench.readings", "rules");
        HotPaths.find(figures, "DeviceRulesBench.readings", "floor");
        HotPaths.find(figures, "PayloadCodecBench.codec", null);
        HotPaths.find(figures, "PayloadCodecBench.jsonTree", null);
        HotPaths.find(figures, "JobInputBench.decode", null);
        HotPaths.find(figures, "JobInputBench.jsonTree", null);
    }
}

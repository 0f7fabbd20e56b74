package io.finegrid.jobs.reading;

import io.finegrid.jobs.registry.ConfigTexts;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.jobs.rollup.Sample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** Splits a reading into one sample per metric, each with the device's grid and type from the registry. */
public final class Enrich extends RichFlatMapFunction<Reading, Sample> {
    private final ConfigTexts config;
    private transient Registry registry;

    public Enrich(ConfigTexts config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        registry = new Registry(config.parse());
    }

    @Override
    public void flatMap(Reading r, Collector<Sample> out) {
        String grid = registry.grid(r.building);
        String type = registry.deviceType(r.deviceId);
        for (int i = 0; i < r.metrics.length; i++) {
            out.collect(new Sample(r.community, grid, r.building, r.deviceId, type, r.metrics[i], r.ts, r.values[i]));
        }
    }
}

package io.finegrid.platform.bench;

import io.finegrid.jobs.input.DeviceInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The floor of {@code bench jobs}: the least any operator keyed by device does per record, look
 * the device's state up and change it (one counter here), behind the same decode and shuffle as
 * the FineGrid job. What the FineGrid job costs above it is its own work per reading. JMH's
 * {@code DeviceRulesBench} keeps the same counter for its floor, behind a broadcast operator as
 * the rule operator runs, for a harness that takes only that kind.
 */
final class CountPerDevice extends KeyedProcessFunction<String, DeviceInput, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext ctx) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(DeviceInput in, Context ctx, Collector<Long> out) throws Exception {
        Long c = count.value();
        count.update(c == null ? 1 : c + 1);
    }
}

package io.finegrid.jobs.health;

import io.finegrid.jobs.eventtime.WatermarkStall;
import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ConfigDocument;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code grid_health} per grid every 10 s of event time: the grid's state at the end of each
 * window, stamped with the window's start. Signals apply as they come (they are counts of what is
 * open, not of what happened); points leave as the watermark passes each boundary, so a replay
 * writes the same points. When event time stops (nothing is said any more), the wall clock keeps
 * the points coming after a minute of standstill, as the other clocks of the job do.
 */
public final class GridHealth extends KeyedBroadcastProcessFunction<String, GridSignal, ConfigDocument, String> {
    static final long FALLBACK_QUIET_MS = Duration.ofMinutes(1).toMillis();

    private final LiveConfig live;
    private transient ValueState<GridState> state;
    private transient WatermarkStall stall;

    public GridHealth(ConfigTexts config) {
        this.live = new LiveConfig(config);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("grid", Types.POJO(GridState.class)));
        stall = new WatermarkStall();
    }

    @Override
    public void processElement(GridSignal s, ReadOnlyContext ctx, Collector<String> out) throws Exception {
        GridState g = state.value();
        if (g == null) {
            g = new GridState();
        }
        g.apply(s);
        g.newest = Math.max(g.newest, s.ts);
        long tick = (Math.floorDiv(s.ts, GridHealthPoint.EVERY_MS) + 1) * GridHealthPoint.EVERY_MS;
        if (g.nextTick == Long.MIN_VALUE) {
            g.nextTick = tick;
            ctx.timerService().registerEventTimeTimer(g.nextTick);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime()
                    + GridHealthPoint.EVERY_MS);
        } else if (tick < g.nextTick && tick > ctx.timerService().currentWatermark()) {
            // An earlier signal than the first one to arrive (the inputs come from several
            // operators, in no fixed order): the points start from its window, whatever came first.
            g.nextTick = tick;
            ctx.timerService().registerEventTimeTimer(tick);
        }
        state.update(g);
    }

    @Override
    public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<String> out) throws Exception {
        live.apply(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), doc);
    }

    @Override
    public void onTimer(long timer, OnTimerContext ctx, Collector<String> out) throws Exception {
        GridState g = state.value();
        if (g == null || g.nextTick == Long.MAX_VALUE) {
            return; // none yet, or a bounded input ended and its points are complete
        }
        long upTo;
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            stall.observe(ctx.timerService().currentWatermark(), timer);
            ctx.timerService().registerProcessingTimeTimer(timer + GridHealthPoint.EVERY_MS);
            upTo = stall.estimate(timer, FALLBACK_QUIET_MS);
            if (upTo == Long.MIN_VALUE || upTo < g.nextTick) {
                return;
            }
        } else if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // The end of a bounded input (a backtest, a replayed file): the window the end falls
            // in, and every one up to the newest signal's, whichever timers happen to be set.
            upTo = Math.max(g.nextTick, (Math.floorDiv(g.newest, GridHealthPoint.EVERY_MS) + 1) * GridHealthPoint.EVERY_MS);
        } else {
            upTo = timer;
        }
        if (upTo < g.nextTick) {
            return; // a boundary the wall clock already wrote
        }
        String[] key = ctx.getCurrentKey().split("\\|", 2);
        int devices = live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)).registry().deviceCount(key[1]);
        while (g.nextTick <= upTo) {
            out.collect(GridHealthPoint.of(key[0], key[1], g.nextTick - GridHealthPoint.EVERY_MS, devices, g));
            g.nextTick += GridHealthPoint.EVERY_MS;
        }
        // At the end of a bounded input the watermark is the end of time: the points are
        // complete, and no further window is asked for (that would never end).
        if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(g.nextTick);
        } else {
            g.nextTick = Long.MAX_VALUE;
        }
        state.update(g);
    }
}

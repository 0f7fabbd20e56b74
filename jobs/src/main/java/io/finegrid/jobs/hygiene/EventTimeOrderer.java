package io.finegrid.jobs.hygiene;

import io.finegrid.jobs.reading.Reading;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per device: holds readings until the watermark passes them, then emits them in event-time order,
 * without duplicates (same {@code seq}). Downstream rules therefore see each device's readings in
 * order whatever order they arrived in, which makes detection a function of event time alone.
 * A reading at or behind the watermark is late: it goes to {@link #LATE}, never silently away.
 */
public final class EventTimeOrderer extends KeyedProcessFunction<String, Reading, Reading> {
    public static final OutputTag<Reading> LATE = new OutputTag<>("late-readings", Types.POJO(Reading.class));

    private final long dedupHorizonMs;
    private transient ListState<Reading> buffer;
    private transient MapState<Long, Long> seenSeqs;

    public EventTimeOrderer(long dedupHorizonMs) {
        this.dedupHorizonMs = dedupHorizonMs;
    }

    @Override
    public void open(OpenContext ctx) {
        buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("buffer", Types.POJO(Reading.class)));
        seenSeqs = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-seqs", Types.LONG, Types.LONG));
    }

    @Override
    public void processElement(Reading r, Context ctx, Collector<Reading> out) throws Exception {
        long wm = ctx.timerService().currentWatermark();
        if (r.ts <= wm) {
            ctx.output(LATE, r);
            return;
        }
        if (r.hasSeq()) {
            if (seenSeqs.contains(r.seq)) {
                return; // a redelivery of a reading we already hold or emitted: counted once
            }
            seenSeqs.put(r.seq, r.ts);
        }
        buffer.add(r);
        ctx.timerService().registerEventTimeTimer(r.ts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        List<Reading> due = new ArrayList<>();
        List<Reading> keep = new ArrayList<>();
        for (Reading r : buffer.get()) {
            (r.ts <= timestamp ? due : keep).add(r);
        }
        due.sort(Comparator.comparingLong(r -> r.ts));
        due.forEach(out::collect);
        if (keep.isEmpty()) {
            buffer.clear();
        } else {
            buffer.update(keep);
        }
        long newestSeen = Long.MIN_VALUE;
        Iterator<Map.Entry<Long, Long>> it = seenSeqs.iterator();
        while (it.hasNext()) {
            long seenTs = it.next().getValue();
            if (DuplicateFilter.expired(seenTs, timestamp, dedupHorizonMs)) {
                it.remove();
            } else {
                newestSeen = Math.max(newestSeen, seenTs);
            }
        }
        if (newestSeen == Long.MIN_VALUE) {
            seenSeqs.clear(); // an emptied map still counts as state in some backends
        } else {
            // A device that falls silent must not keep its seqs forever: one more timer clears them.
            ctx.timerService().registerEventTimeTimer(newestSeen + dedupHorizonMs + 1);
        }
    }
}

package io.finegrid.jobs.incident;

import io.finegrid.jobs.lifecycle.AlertSignal;
import io.finegrid.jobs.service.RequestUpdate;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One incident per problem: keyed by building, it meets the building's device and composite
 * alerts with the residents' reports from the same building, so the device alarm carries the
 * work orders and reports about it ({@code requestIds}). An alert raised after a report carries it
 * from its firing transition; a report made while an alert is open is linked through the
 * lifecycle and rides on the alert's next transitions.
 */
public final class IncidentLinker extends KeyedCoProcessFunction<String, AlertTransition, RequestUpdate, AlertSignal> {
    private transient ValueState<BuildingIncidents> state;

    public static String alertKey(AlertTransition t) {
        return t.community() + "|" + t.building();
    }

    public static String requestKey(RequestUpdate u) {
        return u.community + "|" + u.building;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("incidents", Types.POJO(BuildingIncidents.class)));
    }

    @Override
    public void processElement1(AlertTransition t, Context ctx, Collector<AlertSignal> out) throws Exception {
        BuildingIncidents b = current();
        if (t.state() == AlertState.FIRING) {
            out.collect(AlertSignal.detected(t.withRequestIds(b.raised(t.alertId(), t.category(), t.deviceId(),
                    t.startsAt()))));
        } else {
            b.cleared(t.alertId());
            out.collect(AlertSignal.detected(t));
        }
        save(b);
    }

    @Override
    public void processElement2(RequestUpdate u, Context ctx, Collector<AlertSignal> out) throws Exception {
        BuildingIncidents b = current();
        if (u.finishes()) {
            b.finished(u.requestId);
        } else {
            boolean fresh = !b.reports.containsKey(u.requestId);
            List<String> about = b.reported(u.requestId, u.category, u.deviceId, u.ts);
            for (String alertId : about) {
                out.collect(AlertSignal.link(alertId, u.requestId, u.ts));
            }
            if (fresh) {
                ctx.timerService().registerEventTimeTimer(u.ts + BuildingIncidents.LINK_FOR_MS);
            }
        }
        save(b);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertSignal> out) throws Exception {
        BuildingIncidents b = state.value();
        if (b != null) {
            b.expire(timestamp);
            save(b);
        }
    }

    private BuildingIncidents current() throws Exception {
        BuildingIncidents b = state.value();
        return b == null ? new BuildingIncidents() : b;
    }

    private void save(BuildingIncidents b) throws Exception {
        if (b.isEmpty()) {
            state.clear();
        } else {
            state.update(b);
        }
    }
}

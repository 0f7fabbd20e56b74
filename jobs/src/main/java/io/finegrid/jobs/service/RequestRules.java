package io.finegrid.jobs.service;

import io.finegrid.jobs.faults.ActiveRules;
import io.finegrid.jobs.faults.AlertFactory;
import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.jobs.faults.Transition;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ServicesConfig;
import io.finegrid.model.request.RequestStatus;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by request: its work-order lifecycle and its two SLA clocks from the service list.
 * Updates are taken in event-time order (a timer at each update's time), so out-of-order and
 * repeated updates, and replays at any speed, give the same alerts: {@code sla-respond} and
 * {@code sla-resolve} fire at the clock's due time and resolve at the update that catches up.
 * Tells the backlog of the request's grid and category when it opens, closes or breaches, and
 * counts its opening for consultation.
 */
public final class RequestRules extends KeyedBroadcastProcessFunction<String, RequestUpdate, ConfigDocument, AlertTransition> {
    public static final OutputTag<RequestChange> CHANGES = new OutputTag<>("request-changes", Types.POJO(RequestChange.class));
    public static final OutputTag<KpiEvent> KPI_EVENTS = new OutputTag<>("kpi-events", Types.POJO(KpiEvent.class));
    public static final OutputTag<ConsultationReport> REPORTS = new OutputTag<>("consultation-reports",
            Types.POJO(ConsultationReport.class));
    /** A closed request is forgotten this long after its last update. */
    static final long FORGET_AFTER_MS = Duration.ofDays(30).toMillis();
    /** Event time counts as stopped once the watermark has not moved for this long by the wall clock. */
    static final long FALLBACK_QUIET_MS = Duration.ofMinutes(1).toMillis();

    private final LiveConfig live;
    private transient ValueState<RequestTrack> state;
    /** When this subtask last saw the watermark move (wall clock); not state, as in DeviceRules. */
    private transient long watermarkSeen;
    private transient long watermarkMovedAt;

    public RequestRules(ConfigTexts config) {
        this.live = new LiveConfig(config);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("request", Types.POJO(RequestTrack.class)));
        watermarkSeen = Long.MIN_VALUE;
        watermarkMovedAt = Long.MIN_VALUE; // set at the first timer: "now", so a restart is not a silence
    }

    @Override
    public void processElement(RequestUpdate u, ReadOnlyContext ctx, Collector<AlertTransition> out) throws Exception {
        RequestTrack r = state.value();
        if (r == null) {
            r = new RequestTrack();
        }
        if (r.history.add(u)) {
            state.update(r);
            ctx.timerService().registerEventTimeTimer(u.ts);
        }
    }

    @Override
    public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<AlertTransition> out) throws Exception {
        live.apply(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), doc); // new limits apply at the next update or due time
    }

    @Override
    public void onTimer(long timer, OnTimerContext ctx, Collector<AlertTransition> out) throws Exception {
        RequestTrack r = state.value();
        if (r == null) {
            return;
        }
        long wm = ctx.timerService().currentWatermark();
        if (wm > watermarkSeen || watermarkMovedAt == Long.MIN_VALUE) {
            watermarkSeen = wm;
            watermarkMovedAt = ctx.timerService().currentProcessingTime();
        }
        long t = timer;
        if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME) {
            // The fallback for a community where nothing at all is said any more, so event time
            // stops: a clock whose due time has passed by the wall clock is decided at that due
            // time. While the watermark moves, this does nothing: the event-time timer decides.
            if (r.fallbackDue == Long.MIN_VALUE || wm >= r.fallbackDue) {
                r.fallbackDue = Long.MIN_VALUE; // event time got there: its timer decided
                state.update(r);
                return;
            }
            long estimate = wm == Long.MIN_VALUE ? Long.MIN_VALUE : wm + (timer - watermarkMovedAt);
            if (timer - watermarkMovedAt < FALLBACK_QUIET_MS || estimate < r.fallbackDue) {
                long wait = estimate == Long.MIN_VALUE ? FALLBACK_QUIET_MS : r.fallbackDue - estimate;
                ctx.timerService().registerProcessingTimeTimer(timer + Math.max(wait, FALLBACK_QUIET_MS) + 1000);
                return; // event time still moves, or the due time has not come by the wall clock either
            }
            t = r.fallbackDue;
            r.fallbackDue = Long.MIN_VALUE;
        }
        RequestView v = r.history.at(t);
        if (v == null) {
            return;
        }
        if (v.status == RequestStatus.CLOSED && t >= r.history.lastTs() + FORGET_AFTER_MS) {
            state.clear();
            return;
        }
        ActiveRules active = live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR));
        Registry registry = active.registry();
        ServicesConfig services = registry.config().services();
        String grid = v.building == null ? Registry.UNKNOWN : registry.grid(v.building);
        ServicesConfig.Service service = v.category == null ? null : services.services().stream()
                .filter(s -> s.category().equals(v.category)).findFirst().orElse(null);
        if (service != null) {
            SlaClock.Verdict respond = SlaClock.respond(v, service.respond(), t);
            SlaClock.Verdict resolve = SlaClock.resolve(v, service.resolve(), t);
            if (respond.breached() != r.respondFiring) {
                long since = respond.breached() ? respond.due() : r.respondSince;
                emit("sla-respond", v, grid, respond.breached(), since, t, registry, out,
                        respond.breached() ? "not taken on within " + minutes(service.respond()) : "taken on");
                r.respondFiring = respond.breached();
                r.respondSince = since;
            } else if (!respond.breached() && v.open() && v.respondedAt == RequestView.NEVER && respond.due() > t) {
                due(r, respond.due(), ctx);
            }
            if (resolve.breached() != r.resolveFiring) {
                long since = resolve.breached() ? resolve.due() : r.resolveSince;
                emit("sla-resolve", v, grid, resolve.breached(), since, t, registry, out,
                        resolve.breached() ? "not resolved within " + minutes(service.resolve()) : "resolved");
                r.resolveFiring = resolve.breached();
                r.resolveSince = since;
            } else if (!resolve.breached() && v.open() && resolve.due() > t) {
                due(r, resolve.due(), ctx);
            }
        }
        tellBacklog(r, v, grid, t, ctx);
        tellKpis(r, v, grid, service, registry, t, ctx);
        if (!r.reported && v.category != null) {
            r.reported = true;
            ServicesConfig.Consultation c = services.backlog() == null ? null : services.backlog().consultation();
            if (c != null) {
                String scope = switch (c.scope()) {
                    case "grid" -> grid;
                    case "community" -> v.community;
                    default -> v.building;
                };
                if (scope != null) {
                    ctx.output(REPORTS, new ConsultationReport(v.community, scope, v.building, grid, v.category,
                            v.reporter == null ? "request:" + v.requestId : v.reporter, v.openedAt));
                }
            }
        }
        if (v.status == RequestStatus.CLOSED) {
            ctx.timerService().registerEventTimeTimer(r.history.lastTs() + FORGET_AFTER_MS);
        }
        state.update(r);
    }

    /**
     * A clock is due at event time {@code due}: an event-time timer there, and a wall-clock timer
     * for when event time has stopped (armed for the earliest due time only).
     */
    private void due(RequestTrack r, long due, OnTimerContext ctx) {
        ctx.timerService().registerEventTimeTimer(due);
        if (r.fallbackDue == Long.MIN_VALUE || due < r.fallbackDue || r.fallbackDue <= ctx.timerService().currentWatermark()) {
            r.fallbackDue = due;
            long wm = ctx.timerService().currentWatermark();
            long wait = wm == Long.MIN_VALUE ? FALLBACK_QUIET_MS : Math.max(0, due - wm);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime()
                    + Math.max(wait, FALLBACK_QUIET_MS) + 1000);
        }
    }

    private void tellBacklog(RequestTrack r, RequestView v, String grid, long t, OnTimerContext ctx) {
        boolean open = v.open();
        boolean breached = r.respondFiring || r.resolveFiring;
        boolean moved = r.category != null && (!r.category.equals(v.category) || !r.grid.equals(grid));
        if (moved && r.toldOpen) { // counted elsewhere until now
            ctx.output(CHANGES, new RequestChange(v.community, r.grid, r.category, v.requestId, t, false, false, v.openedAt));
            r.toldOpen = false;
        }
        if (v.category == null) {
            return;
        }
        if (open != r.toldOpen || breached != r.toldBreached || moved || r.category == null) {
            if (open || r.toldOpen) {
                ctx.output(CHANGES, new RequestChange(v.community, grid, v.category, v.requestId, t, open, breached,
                        v.episodeStart));
            }
            r.toldOpen = open;
            r.toldBreached = breached;
            r.grid = grid;
            r.category = v.category;
        }
    }

    /** Each opening, taking on, finished episode and rating is counted once, at its own event time. */
    private static void tellKpis(RequestTrack r, RequestView v, String grid, ServicesConfig.Service service,
                                 Registry registry, long t, OnTimerContext ctx) {
        io.finegrid.model.alert.Assignee owner = v.category == null ? null : registry.assignee(grid, v.category);
        String org = owner == null ? Registry.UNKNOWN : owner.org();
        if (!r.kpiOpened) {
            r.kpiOpened = true;
            KpiEvent e = KpiEvent.of(KpiEvent.Kind.OPENED, v.community, grid, org, v.openedAt, 0);
            e.reporter = v.reporter == null ? "request:" + v.requestId : v.reporter;
            ctx.output(KPI_EVENTS, e);
        }
        if (!r.kpiTakenOn && v.respondedAt != RequestView.NEVER) {
            r.kpiTakenOn = true;
            ctx.output(KPI_EVENTS, KpiEvent.of(KpiEvent.Kind.TAKEN_ON, v.community, grid, org, v.respondedAt,
                    (v.respondedAt - v.openedAt) / 1000.0));
        }
        if (v.finishedAt != RequestView.NEVER && r.kpiFinishedEpisode != v.episodeStart) {
            r.kpiFinishedEpisode = v.episodeStart;
            KpiEvent e = KpiEvent.of(KpiEvent.Kind.FINISHED, v.community, grid, org, v.finishedAt,
                    (v.finishedAt - v.episodeStart) / 1000.0);
            e.withinSla = service != null && v.respondedAt <= v.openedAt + service.respond().toMillis()
                    && v.finishedAt <= v.episodeStart + service.resolve().toMillis();
            ctx.output(KPI_EVENTS, e);
        }
        if (!r.kpiRated && v.rating > 0) {
            r.kpiRated = true;
            ctx.output(KPI_EVENTS, KpiEvent.of(KpiEvent.Kind.RATED, v.community, grid, org, t, v.rating));
        }
    }

    private static void emit(String rule, RequestView v, String grid, boolean firing, long since, long t,
                             Registry registry, Collector<AlertTransition> out, String why) {
        Transition tr = new Transition(firing ? Transition.Kind.FIRING : Transition.Kind.RESOLVED, since,
                firing ? since : Math.max(t, since), Double.NaN);
        out.collect(AlertFactory.serviceAlert(rule, Severity.MAJOR, rule + "|" + v.requestId, v.category, v.community,
                grid, v.building, v.requestId, tr, "request " + v.requestId + " (" + v.category + "): " + why, registry));
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " min";
    }
}

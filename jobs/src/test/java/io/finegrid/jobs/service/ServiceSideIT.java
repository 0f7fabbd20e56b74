package io.finegrid.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.jobs.FineGridJob;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.request.NormalizedRequest;
import io.finegrid.model.request.RequestStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * A recorded request trace through the whole job on a MiniCluster, in an order that is not the
 * event-time order, with a redelivery: exactly the SLA, backlog and consultation alerts worked
 * out by hand below, and the backlog figures of a minute.
 */
class ServiceSideIT {
    static final long M = 60_000;
    static final long H = 3_600_000;
    static final long BASE = 1_795_000_000_000L / H * H;
    static final ConfigTexts CONFIG = new ConfigTexts("""
            community: c1
            grids: [{id: G1, manager: gm}]
            buildings: [{id: B01, grid: G1, residents: 100}]
            devices: [{id: elv-1, type: elevator, building: B01, interval: 60s}]
            """, "rules: []\n", """
            services:
              - {category: water_supply, name: Water, respond: 5m, resolve: 1h}
              - {category: elevator_fault, name: Lift, respond: 30m, resolve: 4h}
            backlog:
              openPerGrid: 2
              consultation: {reports: 3, within: 1h, scope: building}
            """, """
            recipients: [{id: crew, org: pm}, {id: gm, org: committee}]
            assignments: [{grid: "*", category: "*", crew: crew}]
            """);

    static DeviceInput request(String id, long minutes, RequestStatus status, String category, String reporter) {
        return rated(id, minutes, status, category, reporter, null);
    }

    static DeviceInput rated(String id, long minutes, RequestStatus status, String category, String reporter,
                             Integer rating) {
        return DeviceInput.of(new NormalizedRequest("c1", BASE + minutes * M, id, status, category, "B01", null, reporter,
                "app", null, null, rating, 0));
    }

    static TreeSet<String> run(List<DeviceInput> trace) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        CollectingSink.LINES.clear();
        FineGridJob job = new FineGridJob(
                (e, wm) -> e.fromData(trace, TypeInformation.of(DeviceInput.class)).assignTimestampsAndWatermarks(wm),
                new CollectingSink(), new DiscardingSink<>(), new DiscardingSink<>(), CONFIG,
                // Out-of-orderness covering the whole trace, so every order of it is in time.
                new FineGridJob.Options(Duration.ofHours(2), Duration.ofSeconds(10), Duration.ofMinutes(10),
                        Duration.ofSeconds(5)));
        TreeSet<String> got = new TreeSet<>();
        try (CloseableIterator<AlertTransition> it = job.build(env).executeAndCollect("service-side")) {
            it.forEachRemaining(a -> got.add(a.fingerprint() + " " + a.state().wire() + " " + (a.startsAt() - BASE) / M
                    + "-" + (a.updatedAt() - BASE) / M));
        }
        return got;
    }

    @Test
    void slaBacklogConsultationAndKpisAsWorkedOutByHand() throws Exception {
        List<DeviceInput> trace = new ArrayList<>(List.of(
                request("Q-1", 8, RequestStatus.ASSIGNED, null, null), // before its opening: out of order
                request("Q-1", 0, RequestStatus.OPENED, "water_supply", "r-1"),
                request("Q-L0", 1, RequestStatus.OPENED, "elevator_fault", "r-l0"),
                request("Q-L1", 2, RequestStatus.OPENED, "elevator_fault", "r-l1"),
                request("Q-L1", 2, RequestStatus.OPENED, "elevator_fault", "r-l1"), // a redelivery
                request("Q-L2", 3, RequestStatus.OPENED, "elevator_fault", "r-l2"),
                rated("Q-L0", 10, RequestStatus.CLOSED, null, null, 4),
                request("Q-1", 70, RequestStatus.RESOLVED, null, null)));
        TreeSet<String> got = run(trace);
        List<String> lines = List.copyOf(CollectingSink.LINES);
        java.util.Collections.reverse(trace);
        assertEquals(got, run(trace), "the same alerts whatever the order the updates arrive in");
        assertEquals(new TreeSet<>(lines), new TreeSet<>(CollectingSink.LINES), "and the same points");
        TreeSet<String> expected = new TreeSet<>(List.of(
                // Q-1 (water, respond 5m, resolve 1h): taken on at 8 min, resolved at 70 min.
                "sla-respond|Q-1 firing 5-5", "sla-respond|Q-1 resolved 5-8",
                "sla-resolve|Q-1 firing 60-60", "sla-resolve|Q-1 resolved 60-70",
                // Lifts (respond 30m, resolve 4h): Q-L0 closed at 10 min; Q-L1 and Q-L2 never taken on.
                "sla-respond|Q-L1 firing 32-32", "sla-respond|Q-L2 firing 33-33",
                "sla-resolve|Q-L1 firing 242-242", "sla-resolve|Q-L2 firing 243-243",
                // Three distinct residents within the hour; the first report leaves the window at 61 min.
                "consultation|B01|elevator_fault firing 3-3", "consultation|B01|elevator_fault resolved 3-61",
                // More than two open lift requests in G1 from 3 min until Q-L0 closed at 10 min.
                "backlog|G1|elevator_fault firing 3-3", "backlog|G1|elevator_fault resolved 3-10"));
        assertEquals(expected, got);
        String minute3 = "backlog,category=elevator_fault,community=c1,grid=G1 breached=0i,oldest_age_s=180i,open=3i,"
                + "opened=1i,resolved=0i " + (BASE + 3 * M);
        assertTrue(CollectingSink.LINES.contains(minute3), "backlog minute 3: " + CollectingSink.LINES.stream()
                .filter(l -> l.startsWith("backlog")).toList());
        // Hour 0, grid G1, organisation pm (crew's org, owner of every category): four reporters
        // among 100 residents; taken on after 480 s and 540 s (Q-L0, closed at 10 min, which
        // also takes it on); Q-L0 finished 540 s after opening, within both limits, rated 4.
        // Hour 1: Q-1 resolved 4200 s after opening, taken on late (8 min > 5 min): not compliant.
        List<String> kpis = CollectingSink.LINES.stream().filter(l -> l.startsWith("kpi"))
                .sorted(java.util.Comparator.comparing((String l) -> l.substring(l.lastIndexOf(' ')))).toList();
        // The rolling day (fields ending _24h) of hour 1 adds hour 0: Q-L0 and Q-1 finished, one in time.
        String tags = "kpi,community=c1,grid=G1,org=pm ";
        assertEquals(List.of(
                tags + "mtta_s_24h=510.0,mttr_s_24h=540.0,participation_per_1000_24h=40.0,reporters_24h=4i,"
                        + "satisfaction_24h=4.0,sla_compliance_24h=1.0,"
                        + "mtta_s=510.0,mttr_s=540.0,participation_per_1000=40.0,reporters=4i,"
                        + "satisfaction=4.0,sla_compliance=1.0 " + BASE,
                tags + "mtta_s_24h=510.0,mttr_s_24h=2370.0,participation_per_1000_24h=40.0,reporters_24h=4i,"
                        + "satisfaction_24h=4.0,sla_compliance_24h=0.5,"
                        + "mttr_s=4200.0,participation_per_1000=0.0,reporters=0i,sla_compliance=0.0 " + (BASE + H)), kpis);
    }
}

package io.finegrid.simulators.trace;

import io.finegrid.model.config.CommunityConfig;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.json.Json;
import io.finegrid.simulators.model.DeviceBehaviour;
import io.finegrid.simulators.residents.ServiceRequests;
import io.finegrid.simulators.scenario.Injection;
import io.finegrid.simulators.scenario.Scenario;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A whole community's trace, message by message in time order: every device reporting at its
 * interval (behaviour from {@link DeviceBehaviour}), a heartbeat every tenth reading, residents'
 * requests and the crews' updates ({@link ServiceRequests}), and the scenario's faults. Nothing
 * here reads a clock or shares a random stream: every value derives from (seed, deviceId, seq)
 * and the start time given, so the same inputs give the same bytes.
 */
public final class TraceGenerator implements Iterator<Message> {
    private final CommunityConfig community;
    private final Scenario scenario;
    private final long seed;
    private final long start;
    private final long end;
    private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingLong(Due::order));
    private final ArrayDeque<Message> ready = new ArrayDeque<>();
    private final Map<String, Long> seqs = new LinkedHashMap<>();
    private final Map<String, CommunityConfig.Device> devices = new LinkedHashMap<>();
    private long order;

    /** A device's next reading, or a message fixed in advance (events, requests). */
    private record Due(long at, long order, String device, Message message) {}

    public TraceGenerator(FineGridConfig config, Scenario scenario, long seed, long start) {
        this.community = config.community();
        this.scenario = scenario;
        this.seed = seed;
        this.start = start;
        this.end = start + scenario.durationMs();
        List<CommunityConfig.Device> all = new ArrayList<>(community.devicesById().values());
        all.sort(Comparator.comparing(CommunityConfig.Device::id));
        for (CommunityConfig.Device d : all) {
            devices.put(d.id(), d);
            long period = d.interval().toMillis();
            // Spread the devices over their interval: the broker sees a steady rate, not bursts.
            long offset = Math.floorMod(new SplittableRandom(seed ^ d.id().hashCode()).nextLong(), period);
            schedule(start + offset, d.id(), null);
        }
        for (ServiceRequests.Update u : new ServiceRequests(config, seed, scenario.reportsPerHourPer1000())
                .between(start, scenario.durationMs())) {
            schedule(u.at(), null, new Message(u.at(), requestsTopic(), u.json()));
        }
        for (Injection i : scenario.inject()) {
            plan(config, i);
        }
    }

    private String requestsTopic() {
        return "fg/" + community.community() + "/requests";
    }

    private String topic(CommunityConfig.Device d, String kind) {
        return "fg/" + community.community() + "/" + d.building() + "/" + d.id() + "/" + kind;
    }

    private void schedule(long at, String device, Message m) {
        if (at < end) {
            queue.add(new Due(at, order++, device, m));
        }
    }

    /** The one-off messages of a fault: events, reports. Continuous faults act on readings as they are made. */
    private void plan(FineGridConfig config, Injection i) {
        long at = start + i.atMs();
        switch (i.kind()) {
            case FAULT_CODE -> {
                CommunityConfig.Device d = device(i.device());
                schedule(at, null, new Message(at, topic(d, "event"), event(at, "fault", i.code())));
                if (i.clearAfterMs() > 0) {
                    long clear = at + i.clearAfterMs();
                    schedule(clear, null, new Message(clear, topic(d, "event"), event(clear, "fault_cleared", i.code())));
                }
            }
            case FIRE -> {
                for (CommunityConfig.Device d : devices.values()) {
                    if (d.building().equals(i.building()) && d.type().equals("smoke_detector")) {
                        schedule(at, null, new Message(at, topic(d, "event"), event(at, "alarm", null)));
                    }
                }
            }
            case REPORT_WAVE -> {
                ServiceRequests residents = new ServiceRequests(config, seed, 0);
                List<ServiceRequests.Update> updates = new ArrayList<>();
                for (int k = 0; k < i.reports(); k++) {
                    long t = at + i.forMs() * k / Math.max(1, i.reports());
                    residents.report(updates, "W-" + i.building() + "-" + i.category().replace('_', '-') + "-" + (k + 1),
                            "r-wave-" + i.building() + "-" + (k + 1), i.building(), i.category(), t, end);
                }
                updates.forEach(u -> schedule(u.at(), null, new Message(u.at(), requestsTopic(), u.json())));
            }
            default -> device(i.device() == null ? firstOf(i.building()) : i.device()); // checked to exist
        }
    }

    private CommunityConfig.Device device(String id) {
        CommunityConfig.Device d = devices.get(id);
        if (d == null) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " names device '" + id
                    + "', which community " + community.community() + " does not have");
        }
        return d;
    }

    private String firstOf(String building) {
        return devices.values().stream().filter(d -> d.building().equals(building)).map(CommunityConfig.Device::id)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("scenario " + scenario.name()
                        + " names building '" + building + "', which has no devices"));
    }

    private static String event(long ts, String type, String code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts);
        m.put("type", type);
        if (code != null) {
            m.put("code", code);
        }
        return Json.writeString(m);
    }

    @Override
    public boolean hasNext() {
        fill();
        return !ready.isEmpty();
    }

    @Override
    public Message next() {
        fill();
        if (ready.isEmpty()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void fill() {
        while (ready.isEmpty() && !queue.isEmpty()) {
            Due due = queue.poll();
            if (due.message() != null) {
                ready.add(due.message());
            } else {
                tick(devices.get(due.device()), due.at());
            }
        }
    }

    private void tick(CommunityConfig.Device d, long t) {
        schedule(t + d.interval().toMillis(), d.id(), null);
        long since = t - start;
        for (Injection i : scenario.inject()) {
            boolean here = d.id().equals(i.device()) || d.building().equals(i.building());
            if (here && i.active(since) && (i.kind() == Injection.Kind.SILENT || i.kind() == Injection.Kind.POWER_FAILURE)) {
                return; // says nothing while the fault lasts
            }
        }
        long seq = seqs.merge(d.id(), 1L, Long::sum);
        Map<String, Object> metrics = DeviceBehaviour.reading(seed, d.id(), d.type(), seq, t);
        for (Injection i : scenario.inject()) {
            if (!i.active(since)) {
                continue;
            }
            switch (i.kind()) {
                case PRESSURE_DROP, SPIKE -> {
                    if (d.id().equals(i.device()) && metrics.containsKey(i.metric())) {
                        metrics.put(i.metric(), i.value());
                    }
                }
                case STUCK -> {
                    if (d.id().equals(i.device()) && metrics.containsKey(i.metric())) {
                        metrics.put(i.metric(), DeviceBehaviour.reading(seed, d.id(), d.type(), 0, start + i.atMs())
                                .get(i.metric()));
                    }
                }
                case FIRE -> {
                    if (d.building().equals(i.building()) && metrics.containsKey("temp_c")) {
                        metrics.put("temp_c", i.value());
                    }
                }
                default -> { }
            }
        }
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("ts", t);
        reading.put("seq", seq);
        reading.put("metrics", metrics);
        ready.add(new Message(t, topic(d, "telemetry"), Json.writeString(reading)));
        if (seq % 10 == 1) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("ts", t);
            status.put("online", true);
            status.put("battery_pct", 100 - (int) (Math.floorMod(d.id().hashCode(), 30)));
            ready.add(new Message(t, topic(d, "status"), Json.writeString(status)));
        }
    }
}

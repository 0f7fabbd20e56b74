package io.finegrid.platform.bench;

import io.finegrid.model.config.FineGridConfig;
import io.finegrid.simulators.publish.Connections;
import io.finegrid.simulators.publish.Pacer;
import io.finegrid.simulators.run.Simulation;
import io.finegrid.simulators.scenario.Scenario;
import io.finegrid.simulators.trace.TraceGenerator;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.Mosquitto;
import io.finegrid.testkit.ScratchDir;
import io.finegrid.testkit.ServiceProcess;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code finegrid bench simulate [DEVICES] [SECONDS]}: a community of DEVICES devices (default
 * 100,000, 100 per building, one reading per 10 s: 10,000 messages/s) simulated in real time for
 * SECONDS (default 60) into a fresh mosquitto at QoS 1, from this one JVM. Reports the rate held
 * second by second after a 10 s warm-up, acknowledgements, the largest lag behind the schedule and
 * the heap's peak.
 */
public final class SimulatorBench {
    private SimulatorBench() {}

    private static ServiceProcess startBroker(HostPort at, ScratchDir dir) {
        System.err.println("starting mosquitto in " + dir + " ...");
        return Mosquitto.start(at, dir.path());
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int buildings = Math.max(1, devices / 100);
        StringBuilder community = new StringBuilder("community: scale\ngrids: [{id: G1, manager: gm}]\nbuildings:\n");
        for (int b = 0; b < buildings; b++) {
            community.append(String.format(Locale.ROOT, "  - {id: B%04d, grid: G1, residents: 300}%n", b));
        }
        community.append("devices: []\ndeviceGroups:\n");
        for (String type : List.of("water_pump", "power_meter", "temp_humidity", "smoke_detector")) {
            community.append("  - {type: ").append(type).append(", perBuilding: 25, id: \"").append(type, 0, 2)
                    .append("-{building}-{n}\", interval: 10s}\n");
        }
        FineGridConfig config = FineGridConfig.parse(community.toString(), "rules: []\n",
                "services: [{category: water_supply, name: Water, respond: 30m, resolve: 4h}]\n",
                "recipients: [{id: gm, org: c}]\nassignments: [{grid: \"*\", category: \"*\", crew: gm}]\n");
        HostPort at = HostPort.freeLoopback();
        try (ScratchDir dir = ScratchDir.create("fg-bench-sim");
             ServiceProcess broker = startBroker(at, dir)) {
            Scenario quiet = new Scenario("bench", seconds * 1000L, 0, List.of(), List.of());
            Connections conns = new Connections("tcp://" + at, "fg-bench", Connections.Mode.SHARED, 8, 30_000);
            Simulation run = new Simulation(new TraceGenerator(config, quiet, 1, System.currentTimeMillis()),
                    new Pacer(1), conns, null);
            List<Long> perSecond = new ArrayList<>();
            AtomicLong peakHeap = new AtomicLong();
            Thread sampler = new Thread(() -> {
                long last = 0;
                var memory = ManagementFactory.getMemoryMXBean();
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long s = conns.sent();
                    perSecond.add(s - last);
                    last = s;
                    peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            Simulation.Result r = run.run("simulate", (long) devices * seconds / 10, true);
            sampler.interrupt();
            run.close();
            List<Long> steady = perSecond.subList(Math.min(10, perSecond.size()), Math.max(Math.min(10, perSecond.size()),
                    perSecond.size() - 1));
            double mean = steady.stream().mapToLong(Long::longValue).average().orElse(0);
            long min = steady.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = steady.stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf(Locale.ROOT, """

                    simulator benchmark: %,d devices in %,d buildings, one reading each per 10 s, %d s, QoS 1, 8 connections
                      target rate     : %,9.0f msg/s
                      held (after 10 s): mean %,9.0f msg/s   min %,d   max %,d (per second)
                      messages        : %,d sent, %,d acknowledged, %,d failed; largest lag behind schedule %,d ms
                      heap peak       : %,d MiB (max heap %,d MiB)
                    """, devices, buildings, seconds, devices / 10.0, mean, min, max, r.sent(), r.acked(), r.failed(),
                    r.maxLagMs(), peakHeap.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
        System.exit(0);
    }

}

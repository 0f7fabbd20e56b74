package io.finegrid.platform.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a benchmark's CPU went over its measured window: per Flink task (threads grouped by name,
 * subtask index dropped) and, as the rest of the process's CPU time, the JVM's own threads (JIT
 * compilers, garbage collector), which no Java API lists. On two cores a job's rate is set by how
 * much CPU each event costs in all of these, not only in its operators.
 */
final class CpuShare {
    /** The group of the JVM's JIT compiler threads. */
    static final String JIT = "jvm: JIT compiler";
    private final long wallStart;
    private final long processStart;
    private final Map<Long, Long> threadStart;
    private final Map<Long, String> names = new HashMap<>();
    private final Map<String, Long> nativeStart = jvmThreads();

    private CpuShare(long wallStart, long processStart, Map<Long, Long> threadStart) {
        this.wallStart = wallStart;
        this.processStart = processStart;
        this.threadStart = threadStart;
    }

    static CpuShare start() {
        return new CpuShare(System.nanoTime(), processCpu(), threadCpu(null));
    }

    /**
     * The JVM's own threads by kind ("JIT compiler", "garbage collector"), in nanoseconds, read
     * from /proc (Linux; elsewhere empty and they stay in one "jvm" line).
     */
    private static Map<String, Long> jvmThreads() {
        Map<String, Long> cpu = new HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return cpu;
        }
        long tick = 10_000_000L; // USER_HZ is 100 on Linux
        for (java.io.File t : tasks) {
            try {
                String comm = java.nio.file.Files.readString(t.toPath().resolve("comm")).trim();
                String kind = comm.contains("CompilerThre") ? JIT
                        : comm.startsWith("GC Thread") || comm.startsWith("VM Thread") ? "jvm: garbage collector"
                        : null;
                if (kind == null) {
                    continue;
                }
                String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.merge(kind, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick, Long::sum);
            } catch (java.io.IOException | RuntimeException e) {
                // a thread that ended meanwhile
            }
        }
        return cpu;
    }

    /** CPU per thread group since {@link #start()}, in percent of one core, largest first; "jvm" is the rest. */
    Map<String, Double> stop() {
        long wall = System.nanoTime() - wallStart;
        long process = processCpu() - processStart;
        Map<Long, Long> now = threadCpu(names);
        Map<String, Long> byGroup = new TreeMap<>();
        long listed = 0;
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            long used = e.getValue() - threadStart.getOrDefault(e.getKey(), 0L);
            if (used > 0) {
                byGroup.merge(group(names.get(e.getKey())), used, Long::sum);
                listed += used;
            }
        }
        long jvm = Math.max(0, process - listed);
        Map<String, Long> nativeNow = jvmThreads();
        for (Map.Entry<String, Long> e : nativeNow.entrySet()) {
            long used = Math.min(jvm, e.getValue() - nativeStart.getOrDefault(e.getKey(), 0L));
            if (used > 0) {
                byGroup.merge(e.getKey(), used, Long::sum);
                jvm -= used;
            }
        }
        byGroup.merge(nativeNow.isEmpty() ? "jvm (JIT compilers, GC)" : "jvm (other)", jvm, Long::sum);
        Map<String, Double> percent = new java.util.LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> percent.put(e.getKey(), 100.0 * e.getValue() / wall));
        return percent;
    }

    /**
     * The shares (percent of one core) as lines, the largest first as given, each with what it
     * costs an event at {@code eventsPerSecond}: on a saturated machine the rate is the inverse of
     * the CPU an event takes in all, so microseconds per event compare across jobs and runs where
     * percentages do not.
     */
    static String format(Map<String, Double> shares, double eventsPerSecond) {
        StringBuilder b = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            total += e.getValue();
            if (e.getValue() >= 1.0) {
                b.append(String.format(Locale.ROOT, "      %5.1f%%  %5.2f us/event  %s%n", e.getValue(),
                        microsPerEvent(e.getValue(), eventsPerSecond), e.getKey()));
            }
        }
        return String.format(Locale.ROOT,
                "    CPU in the measured window: %.0f%% of one core (%d cores), %.2f us an event%n", total,
                Runtime.getRuntime().availableProcessors(), microsPerEvent(total, eventsPerSecond)) + b;
    }

    /** CPU microseconds per event of a share of {@code percent} of one core at {@code eventsPerSecond}. */
    static double microsPerEvent(double percent, double eventsPerSecond) {
        return eventsPerSecond > 0 ? percent / 100 / eventsPerSecond * 1e6 : Double.NaN;
    }

    /** "device-rules -> Map (2/2)#0" and "(1/2)#0" are one group. */
    private static String group(String name) {
        if (name == null) {
            return "?";
        }
        String g = name.replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "").replaceAll("-\\d+$", "");
        return g.length() > 60 ? g.substring(0, 57) + "..." : g;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<Long, Long> threadCpu(Map<Long, String> names) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) {
                cpu.put(id, t);
                if (names != null) {
                    ThreadInfo info = mx.getThreadInfo(id);
                    if (info != null) {
                        names.put(id, info.getThreadName());
                    }
                }
            }
        }
        return cpu;
    }
}

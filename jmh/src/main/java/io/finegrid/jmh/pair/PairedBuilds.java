package io.finegrid.jmh.pair;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code finegrid bench pair REV}: the device-rule operator of two builds side by side in one
 * JVM, the base (another revision's classes) and the changed one (this checkout's), each in a
 * class loader of its own ({@link BuildLoader}) and a thread of its own, taking turns on the same
 * readings, one watermark step each, the first going first every other step. A change worth a few
 * percent is lost in {@code bench jobs}, whose runs differ by a third from one minute to the next
 * on a shared machine; here both builds meet the same minute, and two copies of one build
 * differ by up to a tenth over a few million readings. Prints each build's time per reading, the
 * changed build's over the base's, and what each emitted (equal unless the change meant to alter
 * what the operator says).
 */
public final class PairedBuilds {
    private PairedBuilds() {}

    /** {@code base}: the other build's classes (directories or jars of its modules). */
    public record Options(List<URL> base, List<URL> changed, long readings, int devices, int step) {
        public Options {
            if (devices <= 0 || step <= 0 || readings < 3L * step) {
                throw new IllegalArgumentException("devices and step must be positive, readings at least three steps: "
                        + readings + " readings, " + devices + " devices, step " + step);
            }
        }
    }

    /** Nanoseconds per reading of each build after the warm-up, the step-by-step ratios' quartiles, and what each emitted. */
    public record Result(double baseNanos, double changedNanos, double medianStepRatio, double lowerQuartile,
                         double upperQuartile, String baseEmitted, String changedEmitted) {
        public double ratio() {
            return changedNanos / baseNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        List<URL> base = null;
        long readings = 6_000_000;
        int devices = 5_000;
        int step = 75_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = urls(args[i + 1].split(","));
                case "--readings" -> readings = Long.parseLong(args[i + 1]);
                case "--devices" -> devices = Integer.parseInt(args[i + 1]);
                case "--step" -> step = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (base == null) {
            throw new IllegalArgumentException("usage: PairedBuilds --base DIR,DIR,... [--readings N] [--devices D] [--step S]");
        }
        Options o = new Options(base, thisBuild(), readings, devices, step);
        Result r = run(o);
        System.out.printf(Locale.ROOT, """

                paired builds, device-rule operator: %,d readings of %,d pumps, %,d between watermarks,
                each build in turn on the same readings (the first third a warm-up)
                  base    : %,7.0f ns a reading   emitted %s
                  changed : %,7.0f ns a reading   emitted %s
                  changed / base: %.3f (step by step: median %.3f, quartiles %.3f-%.3f)
                """, o.readings(), o.devices(), o.step(), r.baseNanos(), r.baseEmitted(), r.changedNanos(),
                r.changedEmitted(), r.ratio(), r.medianStepRatio(), r.lowerQuartile(), r.upperQuartile());
        if (!r.baseEmitted().equals(r.changedEmitted())) {
            System.out.println("  the builds emitted different things: the change alters what the operator says");
        }
        System.exit(0); // Flink's harness leaves threads behind
    }

    public static Result run(Options o) throws Exception {
        List<List<URL>> builds = List.of(o.base(), o.changed());
        ExecutorService[] threads = new ExecutorService[2];
        List<Consumer<long[]>> sides = new ArrayList<>();
        try {
            for (int k = 0; k < 2; k++) {
                List<URL> urls = new ArrayList<>(builds.get(k));
                urls.add(location(Side.class)); // this module, for Side itself, linked against the build's classes
                String name = k == 0 ? "base" : "changed";
                BuildLoader loader = new BuildLoader(name, urls.toArray(URL[]::new), PairedBuilds.class.getClassLoader());
                threads[k] = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "pair-" + name);
                    t.setContextClassLoader(loader);
                    t.setDaemon(true);
                    return t;
                });
                sides.add(threads[k].submit(() -> side(loader, o.devices())).get());
            }
            return measure(o, threads, sides);
        } finally {
            for (ExecutorService t : threads) {
                if (t != null) {
                    t.shutdownNow();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Consumer<long[]> side(ClassLoader loader, int devices) throws Exception {
        return (Consumer<long[]>) loader.loadClass(Side.class.getName()).getConstructor(int.class).newInstance(devices);
    }

    private static Result measure(Options o, ExecutorService[] threads, List<Consumer<long[]>> sides) throws Exception {
        double[] nanos = new double[2];
        List<Double> ratios = new ArrayList<>();
        long measured = 0;
        int steps = 0;
        for (long first = 0; first + o.step() <= o.readings(); first += o.step()) {
            long[] took = new long[2];
            boolean baseFirst = steps++ % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                int k = (turn == 0) == baseFirst ? 0 : 1;
                Consumer<long[]> side = sides.get(k);
                long[] wire = {first, o.step(), Side.WIRE};
                threads[k].submit(() -> side.accept(wire)).get();
                long[] run = {first, o.step(), Side.RUN};
                long start = System.nanoTime();
                threads[k].submit(() -> side.accept(run)).get();
                took[k] = System.nanoTime() - start;
            }
            if (first >= o.readings() / 3) {
                nanos[0] += took[0];
                nanos[1] += took[1];
                measured += o.step();
                ratios.add(took[1] / (double) took[0]);
            }
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(nanos[0] / measured, nanos[1] / measured, quantile(sorted, 0.5), quantile(sorted, 0.25),
                quantile(sorted, 0.75), sides.get(0).toString(), sides.get(1).toString());
    }

    static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }

    /** This JVM's own FineGrid classes: the modules the operator and its inputs come from. */
    static List<URL> thisBuild() throws ClassNotFoundException {
        List<URL> urls = new ArrayList<>();
        for (String c : List.of("io.finegrid.model.config.ConfigTexts", "io.finegrid.jobs.faults.DeviceRules",
                "io.finegrid.platform.bench.PumpTrace", "io.finegrid.testkit.ScratchDir")) {
            URL u = location(Class.forName(c));
            if (!urls.contains(u)) {
                urls.add(u);
            }
        }
        return urls;
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    private static List<URL> urls(String[] paths) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String p : paths) {
            if (!p.isBlank()) {
                urls.add(Path.of(p).toUri().toURL());
            }
        }
        return urls;
    }
}

package io.finegrid.simulators.scenario;

import io.finegrid.model.config.ConfigException;
import io.finegrid.model.config.ConfigNode;
import io.finegrid.model.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scenario file: how long to run, the residents' reporting rate, the faults to inject and the
 * alerts they must raise. Parsed once; an error names the file, the line and the reason.
 */
public record Scenario(String name, long durationMs, double reportsPerHourPer1000, List<Injection> inject,
                       List<Expectation> expect) {

    /** No faults, no expectations: a community living its normal life. */
    public static Scenario quiet(Duration duration) {
        return new Scenario("quiet", duration.toMillis(), 0.5, List.of(), List.of());
    }

    public static Scenario read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file));
    }

    public static Scenario parse(String file, String text) {
        ConfigNode root = ConfigNode.parse(file, text);
        ConfigNode.Fields f = root.fields();
        String name = f.optional("name").map(ConfigNode::text).orElse(file);
        long duration = offset(f.required("duration"));
        double rate = f.optional("residents").map(r -> {
            ConfigNode.Fields rf = r.fields();
            double v = rf.required("reportsPerHourPer1000").number();
            rf.done();
            return v;
        }).orElse(0.5);
        List<Injection> inject = new ArrayList<>();
        for (ConfigNode n : f.optional("inject").map(ConfigNode::list).orElse(List.of())) {
            inject.add(injection(n));
        }
        List<Expectation> expect = new ArrayList<>();
        for (ConfigNode n : f.optional("expect").map(ConfigNode::list).orElse(List.of())) {
            ConfigNode.Fields e = n.fields();
            String rule = e.required("rule").text();
            String subject = e.optional("device").or(() -> e.optional("building")).or(() -> e.optional("subject"))
                    .map(ConfigNode::text).orElseThrow(() -> n.error("an expectation names a device, building or subject"));
            List<ConfigNode> within = e.required("within").list();
            if (within.size() != 2) {
                throw n.error("within is [from, to], offsets from the start");
            }
            long from = offset(within.get(0));
            long to = offset(within.get(1));
            if (to < from) {
                throw within.get(1).error("within ends before it begins");
            }
            e.done();
            expect.add(new Expectation(rule, subject, from, to));
        }
        f.done();
        return new Scenario(name, duration, rate, List.copyOf(inject), List.copyOf(expect));
    }

    private static Injection injection(ConfigNode n) {
        ConfigNode.Fields f = n.fields();
        ConfigNode kindNode = f.required("kind");
        Injection.Kind kind;
        try {
            kind = Injection.Kind.valueOf(kindNode.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw kindNode.error("kind '" + kindNode.text() + "' is not one of pressure_drop, stuck, spike, fault_code,"
                    + " silent, power_failure, fire, report_wave");
        }
        long at = offset(f.required("at"));
        long forMs = f.optional("for").map(Scenario::offset).orElse(Injection.DEFAULT_FOR_MS.getOrDefault(kind, 0L));
        boolean perBuilding = kind == Injection.Kind.POWER_FAILURE || kind == Injection.Kind.FIRE
                || kind == Injection.Kind.REPORT_WAVE;
        String device = perBuilding ? null : f.required("device").identifier();
        String building = perBuilding ? f.required("building").identifier() : null;
        String metric = null;
        double value = Double.NaN;
        String code = null;
        long clearAfter = 0;
        String category = null;
        int reports = 0;
        switch (kind) {
            case PRESSURE_DROP, SPIKE -> {
                metric = f.required("metric").text();
                value = f.required("value").number();
            }
            case STUCK -> metric = f.required("metric").text();
            case FAULT_CODE -> {
                code = f.required("code").text();
                clearAfter = f.optional("clearAfter").map(Scenario::offset).orElse(0L);
            }
            case FIRE -> value = f.optional("value").map(ConfigNode::number).orElse(60.0);
            case REPORT_WAVE -> {
                category = f.required("category").identifier();
                reports = f.required("reports").positiveInt();
            }
            default -> { }
        }
        if (forMs == 0 && kind != Injection.Kind.FAULT_CODE) {
            throw n.error(kind.name().toLowerCase(Locale.ROOT) + " needs 'for': how long the fault lasts");
        }
        f.done();
        return new Injection(kind, at, forMs, device, building, metric, value, code, clearAfter, category, reports);
    }

    /** A duration, zero allowed: an offset from the start. */
    private static long offset(ConfigNode n) {
        String s = n.text();
        if (s.equals("0")) {
            return 0;
        }
        return Durations.parse(s).orElseThrow(() -> n.error("'" + s + "' is not a duration such as 90s, 5m or 2h"))
                .toMillis();
    }

    /** An error in this file's terms, for checks made after parsing (a device that does not exist). */
    public static ConfigException error(String file, String reason) {
        return new ConfigException(file, 1, reason);
    }
}

package io.finegrid.simulators.residents;

import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.config.ServicesConfig;
import io.finegrid.model.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Residents filing service requests and crews working them. Reports arrive as a Poisson process
 * per building and category (rate scaled by the building's residents); a crew takes a request on
 * after an exponential delay around a third of the service's respond limit and resolves it around
 * a third of its resolve limit, but about one request in seven runs late, so SLA breaches and
 * backlogs happen as they do in life; a closed request carries a rating, lower when it was late.
 * Every draw comes from a random stream seeded by (seed, building, category): the same seed gives
 * the same requests.
 */
public final class ServiceRequests {
    /** One update of one request, due at {@code at}. */
    public record Update(long at, String json) {}

    private final FineGridConfig config;
    private final long seed;
    private final double perHourPer1000;

    public ServiceRequests(FineGridConfig config, long seed, double reportsPerHourPer1000) {
        this.config = config;
        this.seed = seed;
        this.perHourPer1000 = reportsPerHourPer1000;
    }

    /** Every request update of the run [start, start + duration), in no particular order. */
    public List<Update> between(long start, long durationMs) {
        List<Update> out = new ArrayList<>();
        List<ServicesConfig.Service> services = config.services().services();
        if (services.isEmpty() || perHourPer1000 <= 0) {
            return out;
        }
        for (var b : config.community().buildings()) {
            for (ServicesConfig.Service s : services) {
                double perMs = b.residents() / 1000.0 * perHourPer1000 / services.size() / 3_600_000.0;
                if (perMs <= 0) {
                    continue;
                }
                SplittableRandom rnd = new SplittableRandom(seed * 31 + (b.id() + "|" + s.category()).hashCode());
                long t = start;
                int n = 0;
                while (true) {
                    t += (long) (-Math.log(1 - rnd.nextDouble()) / perMs);
                    if (t >= start + durationMs) {
                        break;
                    }
                    n++;
                    String id = "R-" + b.id() + "-" + s.category().replace('_', '-') + "-" + n;
                    String reporter = "r-" + Long.toHexString(Math.abs((seed + b.id()).hashCode() * 131L
                            + rnd.nextInt(Math.max(1, b.residents()))));
                    lifecycle(out, rnd, id, reporter, b.id(), b.grid(), s, t, start + durationMs);
                }
            }
        }
        return out;
    }

    /** A report by a named resident at {@code at} (a scenario's wave of reports), and its lifecycle. */
    public void report(List<Update> out, String requestId, String reporter, String building, String category, long at,
                       long end) {
        ServicesConfig.Service s = config.services().services().stream().filter(x -> x.category().equals(category))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no service for category " + category));
        String grid = config.community().buildings().stream().filter(b -> b.id().equals(building)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no building " + building)).grid();
        lifecycle(out, new SplittableRandom(seed ^ requestId.hashCode()), requestId, reporter, building, grid, s, at, end);
    }

    private void lifecycle(List<Update> out, SplittableRandom rnd, String id, String reporter, String building,
                           String grid, ServicesConfig.Service s, long opened, long end) {
        String crew = config.responsibilities().ownerOf(grid, s.category()).map(a -> a.crew()).orElse(null);
        boolean late = rnd.nextInt(7) == 0;
        long respond = s.respond().toMillis();
        long resolve = s.resolve().toMillis();
        long assigned = opened + (late ? (long) (respond * 1.3) : Math.min(respond - 1, exp(rnd, respond / 3.0)));
        long working = assigned + 60_000 + rnd.nextLong(240_000);
        long resolved = opened + (late ? (long) (resolve * 1.2) : Math.min(resolve - 1, Math.max(working - opened + 1,
                exp(rnd, resolve / 3.0))));
        long closed = resolved + 600_000;
        Map<String, Object> open = base(opened, id, "opened");
        open.put("category", s.category());
        open.put("building", building);
        open.put("reporter", reporter);
        open.put("channel", rnd.nextInt(4) == 0 ? "hotline" : "app");
        add(out, end, opened, open);
        Map<String, Object> a = base(assigned, id, "assigned");
        if (crew != null) {
            a.put("assignee", crew);
        }
        add(out, end, assigned, a);
        add(out, end, working, base(working, id, "in_progress"));
        add(out, end, resolved, base(resolved, id, "resolved"));
        Map<String, Object> c = base(closed, id, "closed");
        c.put("rating", late ? 2 + rnd.nextInt(2) : 4 + rnd.nextInt(2));
        add(out, end, closed, c);
    }

    private static long exp(SplittableRandom rnd, double mean) {
        return (long) (-Math.log(1 - rnd.nextDouble()) * mean);
    }

    private static Map<String, Object> base(long ts, String id, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts);
        m.put("requestId", id);
        m.put("status", status);
        return m;
    }

    private static void add(List<Update> out, long end, long at, Map<String, Object> m) {
        if (at < end) {
            out.add(new Update(at, Json.writeString(m)));
        }
    }
}

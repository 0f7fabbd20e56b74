package io.finegrid.jobs.service;

/**
 * Something a governance KPI counts, at event time {@code ts}, for the organisation responsible
 * for the request's category in its grid. One kind per record. A Flink POJO.
 */
public class KpiEvent {
    public enum Kind { OPENED, TAKEN_ON, FINISHED, RATED }

    public Kind kind;
    public String community;
    public String grid;
    public String org;
    public long ts;
    /** TAKEN_ON: seconds from opening; FINISHED: seconds from the episode's start; RATED: the rating. */
    public double value;
    /** FINISHED: taken on and finished within the service list's limits. */
    public boolean withinSla;
    /** OPENED: who reported. */
    public String reporter;

    public KpiEvent() {}

    public static KpiEvent of(Kind kind, String community, String grid, String org, long ts, double value) {
        KpiEvent e = new KpiEvent();
        e.kind = kind;
        e.community = community;
        e.grid = grid;
        e.org = org;
        e.ts = ts;
        e.value = value;
        return e;
    }

    public String kpiKey() {
        return community + "|" + grid + "|" + org;
    }
}

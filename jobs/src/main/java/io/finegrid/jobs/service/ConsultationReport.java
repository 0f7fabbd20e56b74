package io.finegrid.jobs.service;

/** A request's opening, for the consultation count of its scope and category. A Flink POJO. */
public class ConsultationReport {
    public String community;
    /** The building, grid or community the count is kept for ({@code backlog.consultation.scope}). */
    public String scope;
    public String building;
    public String grid;
    public String category;
    public String reporter;
    public long ts;

    public ConsultationReport() {}

    public ConsultationReport(String community, String scope, String building, String grid, String category,
                              String reporter, long ts) {
        this.community = community;
        this.scope = scope;
        this.building = building;
        this.grid = grid;
        this.category = category;
        this.reporter = reporter;
        this.ts = ts;
    }

    public String consultationKey() {
        return community + "|" + scope + "|" + category;
    }
}

package io.finegrid.jobs.service;

import java.util.ArrayList;
import java.util.List;

/** One scope and category's consultation window and the reports not yet passed by the watermark. A Flink POJO. */
public class ConsultationTrack {
    public Consultation window;
    public List<ConsultationReport> pending = new ArrayList<>();
    /** The latest report counted: where the signal is (scope, grid, building) when it resolves. */
    public ConsultationReport last;
}

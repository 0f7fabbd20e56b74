package io.finegrid.jobs.service;

import java.util.ArrayList;
import java.util.List;

/**
 * One hour of one grid and organisation's KPIs, as sums (mergeable, order-free): the hour's point
 * is written when the watermark passes its end. A Flink POJO.
 */
public class KpiHour {
    public long start;
    public double takenOnSeconds;
    public int takenOn;
    public double finishedSeconds;
    public int finished;
    public int finishedWithinSla;
    public double ratings;
    public int rated;
    public List<String> reporters = new ArrayList<>();

    public KpiHour() {}

    public KpiHour(long start) {
        this.start = start;
    }

    public void add(KpiEvent e) {
        switch (e.kind) {
            case OPENED -> {
                if (e.reporter != null && !reporters.contains(e.reporter)) {
                    reporters.add(e.reporter);
                }
            }
            case TAKEN_ON -> {
                takenOnSeconds += e.value;
                takenOn++;
            }
            case FINISHED -> {
                finishedSeconds += e.value;
                finished++;
                if (e.withinSla) {
                    finishedWithinSla++;
                }
            }
            case RATED -> {
                ratings += e.value;
                rated++;
            }
        }
    }

    /**
     * The {@code kpi} point (CONTRACT §4), stamped with the hour's start. A figure with nothing to
     * average over is left out rather than written as zero; {@code participation_per_1000} extends
     * the contract: distinct reporters per 1,000 residents of the grid.
     */
    public String line(String community, String grid, String org, int residents) {
        StringBuilder b = new StringBuilder("kpi,community=").append(esc(community)).append(",grid=").append(esc(grid))
                .append(",org=").append(esc(org)).append(' ');
        if (takenOn > 0) {
            b.append("mtta_s=").append(takenOnSeconds / takenOn).append(',');
        }
        if (finished > 0) {
            b.append("mttr_s=").append(finishedSeconds / finished).append(',');
        }
        if (residents > 0) {
            b.append("participation_per_1000=").append(reporters.size() * 1000.0 / residents).append(',');
        }
        b.append("reporters=").append(reporters.size()).append('i');
        if (rated > 0) {
            b.append(",satisfaction=").append(ratings / rated);
        }
        if (finished > 0) {
            b.append(",sla_compliance=").append((double) finishedWithinSla / finished);
        }
        return b.append(' ').append(start).toString();
    }

    private static String esc(String tag) {
        return tag.replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }
}

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

    public boolean isEmpty() {
        return takenOn == 0 && finished == 0 && rated == 0 && reporters.isEmpty();
    }

    /** Adds another hour's sums (for the rolling figures). */
    public void merge(KpiHour o) {
        takenOnSeconds += o.takenOnSeconds;
        takenOn += o.takenOn;
        finishedSeconds += o.finishedSeconds;
        finished += o.finished;
        finishedWithinSla += o.finishedWithinSla;
        ratings += o.ratings;
        rated += o.rated;
        for (String r : o.reporters) {
            if (!reporters.contains(r)) {
                reporters.add(r);
            }
        }
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
    public String line(String community, String grid, String org, int residents, KpiHour day) {
        StringBuilder b = new StringBuilder("kpi,community=").append(esc(community)).append(",grid=").append(esc(grid))
                .append(",org=").append(esc(org)).append(' ');
        day.fields(b, "_24h", residents);
        fields(b, "", residents);
        return b.append(' ').append(start).toString();
    }

    /** Appends this hour's (or, with suffix {@code _24h}, this day's) figures, the last without a comma. */
    private void fields(StringBuilder b, String suffix, int residents) {
        if (takenOn > 0) {
            b.append("mtta_s").append(suffix).append('=').append(takenOnSeconds / takenOn).append(',');
        }
        if (finished > 0) {
            b.append("mttr_s").append(suffix).append('=').append(finishedSeconds / finished).append(',');
        }
        if (residents > 0) {
            b.append("participation_per_1000").append(suffix).append('=').append(reporters.size() * 1000.0 / residents)
                    .append(',');
        }
        b.append("reporters").append(suffix).append('=').append(reporters.size()).append('i');
        if (rated > 0) {
            b.append(",satisfaction").append(suffix).append('=').append(ratings / rated);
        }
        if (finished > 0) {
            b.append(",sla_compliance").append(suffix).append('=').append((double) finishedWithinSla / finished);
        }
        if (!suffix.isEmpty()) {
            b.append(',');
        }
    }

    private static String esc(String tag) {
        return tag.replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }
}

package io.finegrid.jobs.service;

/** The {@code backlog} measurement (CONTRACT §4): one line per grid, category and minute, stamped with the minute's start. */
public final class BacklogPoint {
    public static final String MEASUREMENT = "backlog";

    private BacklogPoint() {}

    public static String line(String community, String grid, String category, Backlog.Minute m) {
        return MEASUREMENT + ",category=" + escape(category) + ",community=" + escape(community) + ",grid=" + escape(grid)
                + " breached=" + m.breached() + "i,oldest_age_s=" + m.oldestAgeS() + "i,open=" + m.open()
                + "i,opened=" + m.opened() + "i,resolved=" + m.resolved() + "i " + m.start();
    }

    private static String escape(String tag) {
        return tag.replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }
}

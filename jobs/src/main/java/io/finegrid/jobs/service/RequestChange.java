package io.finegrid.jobs.service;

/**
 * What a request's owner-level counts need to know: at event time {@code at}, request
 * {@code requestId} of this grid and category is open or not, breached or not. Sent by the
 * request operator to the backlog of its grid and category. A Flink POJO.
 */
public class RequestChange {
    public String community;
    public String grid;
    public String category;
    public String requestId;
    public long at;
    public boolean open;
    public boolean breached;
    public long openedAt;

    public RequestChange() {}

    public RequestChange(String community, String grid, String category, String requestId, long at, boolean open,
                         boolean breached, long openedAt) {
        this.community = community;
        this.grid = grid;
        this.category = category;
        this.requestId = requestId;
        this.at = at;
        this.open = open;
        this.breached = breached;
        this.openedAt = openedAt;
    }

    public String backlogKey() {
        return community + "|" + grid + "|" + category;
    }
}

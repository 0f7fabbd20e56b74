package io.finegrid.jobs.service;

import io.finegrid.model.request.RequestStatus;

/** What one request is at some event time (derived by {@link RequestHistory#at}). */
public class RequestView {
    public static final long NEVER = Long.MIN_VALUE;

    public String community;
    public String requestId;
    public String category;
    public String building;
    public String deviceId;
    public String reporter;
    public String assignee;
    public RequestStatus status;
    public long openedAt;
    /** When the current episode began: the opening, or the latest reopening. */
    public long episodeStart;
    /** The first update that took the request on (assigned, in progress, resolved, closed). */
    public long respondedAt = NEVER;
    /** The first update in the current episode that finished the work (resolved or closed). */
    public long finishedAt = NEVER;
    public long lastUpdate;
    public int rating;

    public boolean open() {
        return finishedAt == NEVER;
    }
}

package io.finegrid.jobs.service;

import io.finegrid.model.request.RequestStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Every update of one request, in event-time order (ties in lifecycle order), duplicates dropped.
 * What the request is at a time is derived from the updates up to that time, so updates that
 * arrive out of order or twice give the same answer as ordered ones. A Flink POJO.
 */
public class RequestHistory {
    public List<RequestUpdate> updates = new ArrayList<>();

    /** Adds an update; false when the same status at the same time is already known (a redelivery). */
    public boolean add(RequestUpdate u) {
        int i = updates.size();
        while (i > 0 && before(u, updates.get(i - 1))) {
            i--;
        }
        if (i > 0 && updates.get(i - 1).ts == u.ts && updates.get(i - 1).status == u.status) {
            return false;
        }
        updates.add(i, u);
        return true;
    }

    private static boolean before(RequestUpdate a, RequestUpdate b) {
        return a.ts < b.ts || (a.ts == b.ts && a.status.ordinal() < b.status.ordinal());
    }

    /** The request as it stood at event time {@code t}, or null when nothing is known by then. */
    public RequestView at(long t) {
        RequestView v = null;
        for (RequestUpdate u : updates) {
            if (u.ts > t) {
                break;
            }
            if (v == null) {
                v = new RequestView();
                v.requestId = u.requestId;
                v.community = u.community;
                v.openedAt = u.ts;
                v.episodeStart = u.ts;
                v.reporter = u.reporter;
            }
            v.status = u.status;
            v.lastUpdate = u.ts;
            if (u.category != null) {
                v.category = u.category;
            }
            if (u.building != null) {
                v.building = u.building;
            }
            if (u.deviceId != null) {
                v.deviceId = u.deviceId;
            }
            if (u.assignee != null) {
                v.assignee = u.assignee;
            }
            if (u.rating > 0) {
                v.rating = u.rating;
            }
            if (u.status == RequestStatus.REOPENED) {
                // Work is needed again: a new episode, whose resolve clock starts now.
                v.episodeStart = u.ts;
                v.finishedAt = RequestView.NEVER;
            }
            if (u.responds() && v.respondedAt == RequestView.NEVER) {
                v.respondedAt = u.ts;
            }
            if (u.finishes() && v.finishedAt == RequestView.NEVER) {
                v.finishedAt = u.ts;
            }
        }
        return v;
    }

    public long lastTs() {
        return updates.isEmpty() ? Long.MIN_VALUE : updates.get(updates.size() - 1).ts;
    }
}

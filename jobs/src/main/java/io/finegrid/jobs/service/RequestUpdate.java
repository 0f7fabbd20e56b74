package io.finegrid.jobs.service;

import io.finegrid.model.request.NormalizedRequest;
import io.finegrid.model.request.RequestStatus;

/** One update of a resident's service request, inside the job. A Flink POJO. */
public class RequestUpdate {
    public String community;
    public String requestId;
    public long ts;
    public RequestStatus status;
    public String category;
    public String building;
    public String deviceId;
    public String reporter;
    public String assignee;
    /** 1-5 on a closing update, 0 when none was given. */
    public int rating;

    public RequestUpdate() {}

    public static RequestUpdate of(NormalizedRequest n) {
        RequestUpdate u = new RequestUpdate();
        u.community = n.community();
        u.requestId = n.requestId();
        u.ts = n.ts();
        u.status = n.status();
        u.category = n.category();
        u.building = n.building();
        u.deviceId = n.deviceId();
        u.reporter = n.reporter();
        u.assignee = n.assignee();
        u.rating = n.rating() == null ? 0 : n.rating();
        return u;
    }

    public String requestKey() {
        return community + "|" + requestId;
    }

    /** Whether this update says someone took the request on (the respond clock stops). */
    boolean responds() {
        return status == RequestStatus.ASSIGNED || status == RequestStatus.IN_PROGRESS || finishes();
    }

    /** Whether this update says the work is done (the resolve clock stops). */
    public boolean finishes() {
        return status == RequestStatus.RESOLVED || status == RequestStatus.CLOSED;
    }
}

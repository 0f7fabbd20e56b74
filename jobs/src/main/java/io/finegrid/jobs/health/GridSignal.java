package io.finegrid.jobs.health;

import io.finegrid.jobs.rollup.Sample;
import io.finegrid.jobs.service.RequestChange;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;

/**
 * One change a grid's health counts: a device heard from or going on/offline, an alert opening
 * or closing, a request opening, breaching or closing. A Flink POJO, keyed by grid.
 */
public class GridSignal {
    public enum Kind { DEVICE, ALERT, REQUEST }

    public Kind kind;
    public String community;
    public String grid;
    /** deviceId, alertId or requestId. */
    public String id;
    /** DEVICE: online; ALERT: open; REQUEST: open. */
    public boolean on;
    /** ALERT: its severity; REQUEST: "breached" when breached. */
    public String detail;
    public long ts;

    public GridSignal() {}

    static GridSignal of(Kind kind, String community, String grid, String id, boolean on, String detail, long ts) {
        GridSignal s = new GridSignal();
        s.kind = kind;
        s.community = community;
        s.grid = grid;
        s.id = id;
        s.on = on;
        s.detail = detail;
        s.ts = ts;
        return s;
    }

    /** A device heard from for the first time, or going on- or offline. */
    public static GridSignal device(Sample d, boolean online, long ts) {
        return of(Kind.DEVICE, d.community, d.grid, d.deviceId, online, null, ts);
    }

    public static GridSignal alert(AlertTransition t) {
        return of(Kind.ALERT, t.community(), t.grid(), t.alertId(), t.state() != AlertState.RESOLVED,
                t.severity().wire(), t.updatedAt());
    }

    public static GridSignal request(RequestChange c) {
        return of(Kind.REQUEST, c.community, c.grid, c.requestId, c.open, c.breached ? "breached" : null, c.at);
    }

    public String gridKey() {
        return community + "|" + grid;
    }
}

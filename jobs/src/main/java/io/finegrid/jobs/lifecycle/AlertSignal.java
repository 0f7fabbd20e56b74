package io.finegrid.jobs.lifecycle;

import io.finegrid.model.alert.AlertAck;
import io.finegrid.model.alert.AlertTransition;

/**
 * What the lifecycle of one alert hears: a detector's transition, a person's acknowledgement or
 * resolution from {@code fg.alert-acks}, or a resident's request linked to it. A Flink POJO keyed by
 * {@link #alertId}.
 */
public class AlertSignal {
    /** UNREADABLE: a record on fg.alert-acks that is not an acknowledgement ({@link #raw}, {@link #error}). */
    public enum Kind { DETECTED, ACK, LINK, UNREADABLE }

    public Kind kind;
    public String alertId;
    public AlertTransition transition;
    public AlertAck ack;
    public String requestId;
    public long ts;
    public String raw;
    public String error;

    public AlertSignal() {}

    public static AlertSignal detected(AlertTransition t) {
        AlertSignal s = new AlertSignal();
        s.kind = Kind.DETECTED;
        s.alertId = t.alertId();
        s.transition = t;
        s.ts = t.updatedAt();
        return s;
    }

    public static AlertSignal ack(AlertAck a) {
        AlertSignal s = new AlertSignal();
        s.kind = Kind.ACK;
        s.alertId = a.alertId();
        s.ack = a;
        s.ts = a.ts();
        return s;
    }

    public static AlertSignal link(String alertId, String requestId, long ts) {
        AlertSignal s = new AlertSignal();
        s.kind = Kind.LINK;
        s.alertId = alertId;
        s.requestId = requestId;
        s.ts = ts;
        return s;
    }

    public static AlertSignal unreadable(String raw, String error) {
        AlertSignal s = new AlertSignal();
        s.kind = Kind.UNREADABLE;
        s.raw = raw;
        s.error = error;
        return s;
    }

    public String alertKey() {
        return alertId;
    }
}

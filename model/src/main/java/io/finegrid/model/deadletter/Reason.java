package io.finegrid.model.deadletter;

import java.util.Locale;

/** Why a message was rejected. Each reason is counted separately by whoever rejects. */
public enum Reason {
    BAD_TOPIC,
    TOO_LARGE,
    NOT_UTF8,
    BAD_JSON,
    NOT_AN_OBJECT,
    EMPTY_BATCH,
    MISSING_FIELD,
    WRONG_TYPE,
    UNKNOWN_VALUE,
    BAD_IDENTIFIER,
    BAD_METRIC_NAME,
    EMPTY_METRICS,
    TOO_MANY_METRICS,
    NON_FINITE_NUMBER,
    OUT_OF_RANGE,
    TOO_LONG,
    TS_IN_FUTURE,
    TS_TOO_OLD,
    UNKNOWN_DEVICE,
    WRONG_BUILDING,
    /** A reading that reached the job after its event-time window closed. */
    LATE,
    /** A configuration document on fg.config that would leave the configuration invalid. */
    INVALID_CONFIG,
    /** An acknowledgement on fg.alert-acks for an alert the lifecycle does not hold open. */
    UNKNOWN_ALERT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.finegrid.jobs.lifecycle;

import io.finegrid.model.alert.AlertTransition;

/**
 * What the lifecycle keeps of one alert: the last transition it published (with the requests
 * linked since), and when the next escalation level is due. A Flink POJO.
 */
public class AlertRecord {
    public AlertTransition current;
    /** Event time the next escalation is due; {@link EscalationChain#NONE} when none is. */
    public long escalationDue = EscalationChain.NONE;

    public AlertRecord() {}

    AlertRecord(AlertTransition current, long escalationDue) {
        this.current = current;
        this.escalationDue = escalationDue;
    }

    /** Resolved by a person while its detector still holds it: kept until the detector lets go. */
    public boolean closedByPerson() {
        return current.state() == io.finegrid.model.alert.AlertState.RESOLVED;
    }
}

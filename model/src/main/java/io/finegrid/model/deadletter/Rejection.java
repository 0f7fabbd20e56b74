package io.finegrid.model.deadletter;

/** A rejection: the counted reason and a sentence a person can act on. */
public record Rejection(Reason reason, String detail) {
    @Override
    public String toString() {
        return reason.code() + ": " + detail;
    }
}

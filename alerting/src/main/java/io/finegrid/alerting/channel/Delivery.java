package io.finegrid.alerting.channel;

/** How one attempt went: delivered, failed for now (try again), or refused for good. */
public record Delivery(Outcome outcome, String detail) {
    public enum Outcome { DELIVERED, RETRY, REFUSED }

    public static Delivery delivered(String detail) {
        return new Delivery(Outcome.DELIVERED, detail);
    }

    public static Delivery retry(String detail) {
        return new Delivery(Outcome.RETRY, detail);
    }

    public static Delivery refused(String detail) {
        return new Delivery(Outcome.REFUSED, detail);
    }
}

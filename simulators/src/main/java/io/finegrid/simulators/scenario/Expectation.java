package io.finegrid.simulators.scenario;

/**
 * An alert a scenario says must fire: rule {@code rule} on {@code subject} (a device id, a
 * building for composites, or the service side's subject such as a request or
 * {@code grid|category}), firing between {@code fromMs} and {@code toMs} after the start.
 */
public record Expectation(String rule, String subject, long fromMs, long toMs) {
    public String fingerprint() {
        return rule + "|" + subject;
    }
}

package io.finegrid.model.config;

import java.time.Duration;
import java.util.List;

/** {@code services.yaml}: the public service list and its backlog limits. */
public record ServicesConfig(List<Service> services, Backlog backlog) {

    /** A service category with its published time limits. */
    public record Service(String category, String name, Duration respond, Duration resolve) {}

    public record Backlog(int openPerGrid, Consultation consultation) {}

    /** {@code reports} distinct reporters of one category in one {@code scope} within {@code within}. */
    public record Consultation(int reports, Duration within, String scope) {}
}

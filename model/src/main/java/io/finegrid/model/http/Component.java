package io.finegrid.model.http;

import java.util.function.BooleanSupplier;

/** Something whose health {@code /health} reports: a name and a live check (not a remembered flag). */
public record Component(String name, BooleanSupplier up) {}

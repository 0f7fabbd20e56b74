package io.finegrid.model.codec;

import io.finegrid.model.device.NormalizedEvent;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.device.NormalizedStatus;
import io.finegrid.model.request.NormalizedRequest;

/** An accepted input message, ready for its Kafka topic. */
public sealed interface Normalized {
    record Reading(NormalizedReading value) implements Normalized {}

    record Event(NormalizedEvent value) implements Normalized {}

    record Status(NormalizedStatus value) implements Normalized {}

    record Request(NormalizedRequest value) implements Normalized {}
}

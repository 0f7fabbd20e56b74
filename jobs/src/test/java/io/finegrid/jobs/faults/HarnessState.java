package io.finegrid.jobs.faults;

import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Leftover keyed state of a harness whose operator has two inputs (the one-input harness counts it itself). */
public final class HarnessState {
    private HarnessState() {}

    public static int keyedEntries(AbstractStreamOperatorTestHarness<?> h) {
        var backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }
}

package io.finegrid.jobs.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Keeps what a job writes to it, for a test in the same JVM (a MiniCluster). */
final class CollectingSink implements Sink<String> {
    static final List<String> LINES = new CopyOnWriteArrayList<>();

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(String element, Context ctx) {
                LINES.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}

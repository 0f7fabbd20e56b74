package io.finegrid.platform;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this JVM, set up as the job expects to run: checkpoints on disk (the
 * JobManager's in-memory storage refuses anything over 5 MB, which the duplicate window of ten
 * thousand devices already is).
 */
public final class LocalFlink {
    private LocalFlink() {}

    /** For a service that runs until stopped: restarts that never give up. */
    public static StreamExecutionEnvironment forService(int parallelism, Path dataDir) {
        Configuration flink = base(parallelism, dataDir);
        flink.setString("restart-strategy.type", "fixed-delay");
        flink.setString("restart-strategy.fixed-delay.attempts", "1000000");
        flink.setString("restart-strategy.fixed-delay.delay", "5 s");
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
    }

    /** For a run over finite input (a benchmark, a backtest): a failure ends it, with its cause. */
    public static StreamExecutionEnvironment forRun(int parallelism, Path dataDir) {
        Configuration flink = base(parallelism, dataDir);
        flink.setString("restart-strategy.type", "none");
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
    }

    private static Configuration base(int parallelism, Path dataDir) {
        Configuration flink = new Configuration();
        flink.setString("execution.checkpointing.dir", dataDir.resolve("checkpoints").toUri().toString());
        flink.setString("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        return flink;
    }
}

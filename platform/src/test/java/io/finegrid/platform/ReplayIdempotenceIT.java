package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.jobs.FineGridJob;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.Influx;
import io.finegrid.testkit.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The same input processed twice (a second job re-reads fg.telemetry from the beginning, as after
 * a recovery or a deliberate replay) leaves InfluxDB exactly as the first run left it: every point
 * has a deterministic series and timestamp, so the second write overwrites instead of duplicating.
 */
class ReplayIdempotenceIT {
    static final String COMMUNITY = "replay";
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void replayingTheSameInputLeavesInfluxUnchanged() throws Exception {
        long base = (System.currentTimeMillis() - 3 * 3600_000) / 60_000 * 60_000;
        try (Platform platform = TestCommunity.start(COMMUNITY);
             TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            for (int t = 0; t <= 300; t += 10) {
                double p = t >= 100 && t < 200 ? 0.1 : 0.3 + (t % 7) / 100.0;
                for (String d : List.of("wp-1", "wp-2")) {
                    mqtt.publish("fg/" + COMMUNITY + "/B01/" + d + "/telemetry", String.format(Locale.ROOT,
                            "{\"ts\":%d,\"seq\":%d,\"metrics\":{\"pressure_mpa\":%s,\"motor_current_a\":%d}}",
                            base + t * 1000L, t, d.equals("wp-1") ? p : 0.35, t % 13));
                }
            }
            for (String d : List.of("wp-1", "wp-2")) {
                mqtt.publish("fg/" + COMMUNITY + "/B01/" + d + "/telemetry",
                        "{\"ts\":" + (base + 900_000) + ",\"metrics\":{\"pressure_mpa\":0.3}}");
            }
            assertEquals(2, TestCommunity.alerts(COMMUNITY, 2).size());
            awaitRows(10);
            Thread.sleep(3000); // two more checkpoints: everything the first job computed is written
            List<Map<String, Object>> first = snapshot();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
            FineGridJob.overKafka(e.kafkaBootstrap(), "replay-second-run",
                    FineGridJob.influxSink(e.influxUrl(), e.influxDb(), platform.influxMode(), ""),
                    ConfigTexts.read(platform.configDir()), TestCommunity.OPTIONS).build(env);
            JobClient second = env.executeAsync("replay");
            try {
                List<AlertTransition> all = TestCommunity.alerts(COMMUNITY, 4);
                assertEquals(4, all.size(), "the second run re-raised both transitions: it did process the trace");
                assertEquals(all.get(0).alertId(), all.get(2).alertId(), "same trace, same alert ids");
                Thread.sleep(3000);
                List<Map<String, Object>> again = snapshot();
                assertTrue(first.size() >= 10, first.toString());
                assertEquals(first, again);
            } finally {
                second.cancel().get();
            }
        }
    }

    private List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> rows = new java.util.ArrayList<>(Influx.rows(e.influxUrl(), e.influxDb(),
                "SELECT * FROM telemetry_1m WHERE community='" + COMMUNITY + "'"));
        rows.addAll(Influx.rows(e.influxUrl(), e.influxDb(), "SELECT * FROM alerts WHERE community='" + COMMUNITY + "'"));
        return rows;
    }

    private void awaitRows(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && Influx.rows(e.influxUrl(), e.influxDb(),
                "SELECT * FROM telemetry_1m WHERE community='" + COMMUNITY + "'").size() < n) {
            Thread.sleep(500);
        }
    }
}

package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ConfigUpdate;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.junit.jupiter.api.Test;

class ParsedConfigsTest {
    /** The texts as another subtask gets them: equal, deserialized apart. */
    private static ConfigTexts copyOf(ConfigTexts t) {
        return new ConfigTexts(new String(t.community()), new String(t.rules()), new String(t.services()),
                new String(t.responsibilities()));
    }

    @Test
    void operatorsWithEqualTextsShareOneParse() throws Exception {
        ConfigTexts a = copyOf(DeviceRulesTest.CONFIG);
        ConfigTexts b = copyOf(DeviceRulesTest.CONFIG);
        assertNotSame(a, b);
        assertSame(ParsedConfigs.of(a), ParsedConfigs.of(b));
        assertSame(new LiveConfig(a).current(emptyBroadcastState()), new LiveConfig(b).current(emptyBroadcastState()));
    }

    @Test
    void subtasksStartingTogetherGetTheSameParse() throws Exception {
        ConfigTexts texts = withThreshold(0.151); // texts no other test parsed
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ActiveRules>> parses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ConfigTexts own = copyOf(texts);
                parses.add(pool.submit((Callable<ActiveRules>) () -> ParsedConfigs.of(own)));
            }
            for (Future<ActiveRules> f : parses) {
                assertSame(parses.get(0).get(), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChangedDocumentIsParsedOnceForEveryOperatorThatAppliesIt() throws Exception {
        ConfigTexts base = withThreshold(0.152);
        ConfigDocument doc = new ConfigDocument("rules", "c1", withThreshold(0.17).rules(), 1);
        ConfigUpdate first = ConfigUpdate.of(copyOf(base), "c1", doc, ParsedConfigs::config);
        ConfigUpdate second = ConfigUpdate.of(copyOf(base), "c1", doc, ParsedConfigs::config);
        ConfigUpdate.Applied a = assertInstanceOf(ConfigUpdate.Applied.class, first);
        ConfigUpdate.Applied b = assertInstanceOf(ConfigUpdate.Applied.class, second);
        assertSame(a.config(), b.config());
        assertEquals(0.17, ((ThresholdRule) ParsedConfigs.of(a.texts()).rule("pump-low-pressure")).threshold());
    }

    @Test
    void aDocumentThatDoesNotParseIsRejectedEachTimeAndNotKept() {
        ConfigDocument bad = new ConfigDocument("rules", "c1", "rules: [{id: x, kind: nonsense}]", 1);
        for (int i = 0; i < 2; i++) {
            assertInstanceOf(ConfigUpdate.Rejected.class,
                    ConfigUpdate.of(DeviceRulesTest.CONFIG, "c1", bad, ParsedConfigs::config));
        }
    }

    @Test
    void onlyTheMostRecentlyUsedAreKept() {
        ConfigTexts first = withThreshold(0.153);
        ActiveRules parsed = ParsedConfigs.of(first);
        for (int i = 0; i < ParsedConfigs.KEPT; i++) {
            ParsedConfigs.of(withThreshold(0.16 + i / 1000.0));
        }
        assertNotSame(parsed, ParsedConfigs.of(copyOf(first)), "the eldest is let go, not kept for ever");
    }

    private static ConfigTexts withThreshold(double below) {
        ConfigTexts t = DeviceRulesTest.CONFIG;
        return new ConfigTexts(t.community(), t.rules().replace("below: 0.15,", "below: " + below + ","), t.services(),
                t.responsibilities());
    }

    /** A subtask's broadcast state before any document arrived: the submitted texts apply. */
    private static ReadOnlyBroadcastState<String, ConfigTexts> emptyBroadcastState() {
        return new ReadOnlyBroadcastState<>() {
            @Override
            public ConfigTexts get(String key) {
                return null;
            }

            @Override
            public boolean contains(String key) {
                return false;
            }

            @Override
            public Iterable<Map.Entry<String, ConfigTexts>> immutableEntries() {
                return List.of();
            }

            @Override
            public void clear() {}
        };
    }
}

package io.finegrid.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.platform.bench.PumpTrace;
import io.finegrid.testkit.LocalStack;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large community goes through {@code fg.config} whole, on a real broker: 100,000 devices are
 * a {@code community.yaml} of about 6 MB, which Kafka's default record limit of 1 MB refused when
 * documents went uncompressed, and which the YAML parser's default limit of 3 MiB refused too.
 */
class ConfigTopicIT {
    @Test
    void aCommunityOfAHundredThousandDevicesIsPublishedAndReadBack(@TempDir Path dir) throws Exception {
        String bootstrap = LocalStack.shared().endpoints().kafkaBootstrap();
        String id = "large" + Long.toString(System.nanoTime(), 36); // runs never see each other's documents
        ConfigTexts pumps = ConfigTexts.read(new PumpTrace(100_000, 0).writeConfig(dir, null));
        ConfigTexts texts = new ConfigTexts(pumps.community().replace("community: bench", "community: " + id),
                pumps.rules(), pumps.services(), pumps.responsibilities());
        assertTrue(texts.community().length() > 5_000_000, "far over 1 MB: " + texts.community().length());

        ConfigTopic.publish(bootstrap, id, texts);
        Map<String, ConfigDocument> back = ConfigTopic.latest(bootstrap, id);

        assertEquals(ConfigTopic.KINDS.size(), back.size(), "all four documents");
        assertEquals(texts.community(), back.get("community").yaml());
        ConfigTexts read = new ConfigTexts(back.get("community").yaml(), back.get("rules").yaml(),
                back.get("services").yaml(), back.get("responsibilities").yaml());
        assertEquals(100_000, read.parse().community().devices().size());
    }
}

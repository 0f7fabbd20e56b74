package io.finegrid.ingest.registry;

import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigException;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.topic.Topics;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted {@code fg.config} topic from its beginning and applies every
 * {@code community} document to the registry, so devices added or moved reach the gateway without
 * a restart. A document that does not parse is logged with its file/line reason, counted, and the
 * previous registry kept.
 */
public final class RegistryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final io.finegrid.ingest.follow.TopicFollower follower;
    private final DeviceRegistry registry;
    private final LongAdder applied = new LongAdder();
    private final LongAdder invalid = new LongAdder();

    public RegistryWatcher(String bootstrap, Map<String, Object> kafkaProperties, DeviceRegistry registry) {
        this.registry = registry;
        this.follower = new io.finegrid.ingest.follow.TopicFollower(bootstrap, kafkaProperties, Topics.CONFIG.name(),
                this::apply);
    }

    public RegistryWatcher start() {
        follower.start();
        return this;
    }

    void apply(byte[] value) {
        if (value == null) {
            return;
        }
        try {
            ConfigDocument d = Topics.CONFIG.deserialize(value);
            if (!"community".equals(d.kind())) {
                return;
            }
            registry.put(FineGridConfig.parseCommunity(d.yaml()));
            applied.increment();
            LOG.info("registry updated for community {}", d.id());
        } catch (ConfigException e) {
            invalid.increment();
            LOG.warn("ignoring invalid community document on {}: {}", Topics.CONFIG.name(), e.getMessage());
        } catch (RuntimeException e) {
            invalid.increment();
            LOG.warn("ignoring undecodable record on {}: {}", Topics.CONFIG.name(), e.toString());
        }
    }

    public long applied() {
        return applied.sum();
    }

    public long invalid() {
        return invalid.sum();
    }

    @Override
    public void close() {
        follower.close();
    }
}

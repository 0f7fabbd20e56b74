package io.finegrid.model.config;

/**
 * One configuration file sent to the running system on the compacted {@code fg.config} topic.
 * {@code kind} is community, rules, services or responsibilities; {@code id} the community.
 */
public record ConfigDocument(String kind, String id, String yaml, long ts) {
    public String key() {
        return kind + "/" + id;
    }
}

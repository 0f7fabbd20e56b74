package io.finegrid.model.config;


/**
 * What a document from {@code fg.config} does to the configuration a job runs with: a pure
 * function of (current texts, document). A document must leave the whole configuration valid
 * (the cross-file checks included), else it is rejected and the current one kept.
 */
public sealed interface ConfigUpdate {
    /** The new configuration to run with, as text and as checked (parsed once, here). */
    record Applied(ConfigTexts texts, FineGridConfig config) implements ConfigUpdate {}

    /** Nothing changes: the same text again (a republish, a compaction replay). */
    record Unchanged() implements ConfigUpdate {}

    /** For another community: not this job's concern. */
    record OtherCommunity(String id) implements ConfigUpdate {}

    /** A document that would break the configuration, with the reason a person can act on. */
    record Rejected(String detail) implements ConfigUpdate {}

    public static ConfigUpdate of(ConfigTexts current, String community, ConfigDocument doc) {
        return of(current, community, doc, ConfigTexts::parse);
    }

    /**
     * {@code parser}: how the resulting texts are parsed (and checked); it throws what
     * {@link ConfigTexts#parse} throws. A job passes one that shares each parse between its
     * operators.
     */
    public static ConfigUpdate of(ConfigTexts current, String community, ConfigDocument doc,
                                  java.util.function.Function<ConfigTexts, FineGridConfig> parser) {
        if (doc == null || doc.kind() == null || doc.yaml() == null) {
            return new Rejected("a config document needs kind, id and yaml");
        }
        if (!community.equals(doc.id())) {
            return new OtherCommunity(doc.id());
        }
        ConfigTexts next;
        switch (doc.kind()) {
            case "community" -> next = new ConfigTexts(doc.yaml(), current.rules(), current.services(),
                    current.responsibilities());
            case "rules" -> next = new ConfigTexts(current.community(), doc.yaml(), current.services(),
                    current.responsibilities());
            case "services" -> next = new ConfigTexts(current.community(), current.rules(), doc.yaml(),
                    current.responsibilities());
            case "responsibilities" -> next = new ConfigTexts(current.community(), current.rules(), current.services(),
                    doc.yaml());
            default -> {
                return new Rejected("unknown config kind '" + doc.kind()
                        + "' (community, rules, services or responsibilities)");
            }
        }
        if (next.equals(current)) {
            return new Unchanged();
        }
        FineGridConfig parsed;
        try {
            parsed = parser.apply(next);
            String id = parsed.community().community();
            if (!community.equals(id)) {
                return new Rejected("community.yaml names community '" + id + "' but the job runs '" + community
                        + "'; a running job keeps its community");
            }
        } catch (ConfigException e) {
            return new Rejected(e.getMessage());
        } catch (RuntimeException e) {
            return new Rejected(doc.kind() + ".yaml: " + e.getMessage());
        }
        return new Applied(next, parsed);
    }
}

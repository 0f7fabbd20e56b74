package io.finegrid.alerting.config;

import io.finegrid.alerting.match.Inhibitor;
import io.finegrid.alerting.route.Routing;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ConfigUpdate;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.config.ResponsibilitiesConfig;

/**
 * The configuration the service routes, inhibits and authorizes by: the files it started with,
 * then every document on {@code fg.config} in order, by the same rule as the jobs
 * ({@link ConfigUpdate}): a document that would leave the whole configuration invalid is refused
 * and the current one kept. So a new responsibility list reaches the service's routing as it
 * reaches the job's escalation, without a restart.
 *
 * <p>Each decision reads one {@link View}: a notification is never routed by the old assignments
 * and the new recipients at once.
 */
public final class CurrentConfig {
    /** One configuration and what the service derives from it, replaced as a whole. */
    public record View(FineGridConfig config, Routing routing, Inhibitor inhibitor) {
        static View of(FineGridConfig config) {
            return new View(config, new Routing(config), new Inhibitor(config.responsibilities().inhibit()));
        }

        public ResponsibilitiesConfig.Notify notifications() {
            return config.responsibilities().notifications();
        }
    }

    private final String community;
    private ConfigTexts texts;
    private volatile View view;

    public CurrentConfig(ConfigTexts texts) {
        this.texts = texts;
        this.view = View.of(texts.parse());
        this.community = view.config().community().community();
    }

    /** The configuration in force now. */
    public View view() {
        return view;
    }

    public FineGridConfig config() {
        return view.config();
    }

    /** The community this service serves; a document cannot change it. */
    public String community() {
        return community;
    }

    /** Applies a document from {@code fg.config}; says what it did (applied, unchanged, another community's, refused). */
    public synchronized ConfigUpdate apply(ConfigDocument doc) {
        ConfigUpdate outcome = ConfigUpdate.of(texts, community, doc);
        if (outcome instanceof ConfigUpdate.Applied applied) {
            view = View.of(applied.config());
            texts = applied.texts();
        }
        return outcome;
    }
}

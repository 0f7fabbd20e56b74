package io.finegrid.jobs.faults;

import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.FineGridConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configurations parsed in this JVM (a TaskManager, or a MiniCluster), shared by every
 * operator subtask that runs with the same texts. Each keyed operator (device and building rules,
 * requests, backlogs, consultations, KPIs, the alert lifecycle, grid health) carries the texts and
 * used to parse them itself at its first record and at each change: up to one parse of the same
 * registry per operator and slot, each a few hundred milliseconds and a few megabytes kept for a
 * community of 10,000 devices, at the moment a restarted job also has a backlog to catch up on.
 * {@link ActiveRules} is immutable once built, so one copy can serve every thread. On a session
 * cluster the map belongs to the job's class loader, so each job has its own.
 *
 * <p>Keyed by content (texts deserialized for each subtask are equal, not the same objects); the
 * {@value #KEPT} most recently used are kept, enough for the configuration a job runs with and the
 * one it changes to. A parse that fails is not kept: the caller gets the exception.
 */
final class ParsedConfigs {
    static final int KEPT = 4;
    private static final Map<ConfigTexts, ActiveRules> RECENT = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConfigTexts, ActiveRules> eldest) {
            return size() > KEPT;
        }
    };

    private ParsedConfigs() {}

    /**
     * The parsed form of {@code texts}, parsed here if no operator of this JVM did yet. One lock
     * for all: operators starting together wait for the one parse instead of each making its own.
     */
    static synchronized ActiveRules of(ConfigTexts texts) {
        ActiveRules known = RECENT.get(texts);
        if (known == null) {
            known = ActiveRules.of(texts);
            RECENT.put(texts, known);
        }
        return known;
    }

    /** What {@link io.finegrid.model.config.ConfigUpdate} parses a document's result with: the shared parse. */
    static FineGridConfig config(ConfigTexts texts) {
        return of(texts).registry().config();
    }
}

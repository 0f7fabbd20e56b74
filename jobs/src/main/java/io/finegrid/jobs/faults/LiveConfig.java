package io.finegrid.jobs.faults;

import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ConfigUpdate;
import io.finegrid.model.config.ConfigDocument;
import java.io.Serializable;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The configuration an operator runs with: the one given at submission until {@code fg.config}
 * says otherwise. The current texts live in broadcast state (so they survive a restart and are
 * the same in every subtask); the parsed form is shared by the operators of this JVM
 * ({@link ParsedConfigs}) and looked up again only when the texts change, checked by reference on
 * every input.
 */
public final class LiveConfig implements Serializable {
    public static final MapStateDescriptor<String, ConfigTexts> DESCRIPTOR = new MapStateDescriptor<>("fg-config",
            Types.STRING, TypeInformation.of(ConfigTexts.class));
    private static final String CURRENT = "current";

    private final ConfigTexts initial;
    private transient ConfigTexts parsedTexts;
    private transient ActiveRules parsed;

    public LiveConfig(ConfigTexts initial) {
        this.initial = initial;
    }

    public ActiveRules current(ReadOnlyBroadcastState<String, ConfigTexts> state) throws Exception {
        ConfigTexts t = state.get(CURRENT);
        return parse(t == null ? initial : t);
    }

    /** Applies a document; returns what it did, with the rules before and after when it applied. */
    public Change apply(BroadcastState<String, ConfigTexts> state, ConfigDocument doc) throws Exception {
        ActiveRules before = current(state);
        ConfigUpdate update = ConfigUpdate.of(before.texts(), before.community(), doc, ParsedConfigs::config);
        if (update instanceof ConfigUpdate.Applied a) {
            state.put(CURRENT, a.texts());
            parsed = ParsedConfigs.of(a.texts());
            parsedTexts = a.texts();
            return new Change(update, before, parsed);
        }
        return new Change(update, before, before);
    }

    public record Change(ConfigUpdate update, ActiveRules before, ActiveRules after) {
        public boolean applied() {
            return update instanceof ConfigUpdate.Applied;
        }
    }

    private ActiveRules parse(ConfigTexts t) {
        if (t != parsedTexts) {
            parsed = ParsedConfigs.of(t);
            parsedTexts = t;
        }
        return parsed;
    }
}

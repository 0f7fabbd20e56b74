package io.finegrid.alerting.api;

import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Silence;
import io.finegrid.alerting.config.CurrentConfig;

/**
 * Who may see and do what. An admin everything; a grid manager the alerts of their grids, and
 * silences confined to them; a crew the alerts it owns or has been handed (acknowledge, resolve),
 * and no silences.
 */
public final class Access {
    private final CurrentConfig config;

    /** Reads the configuration in force at every question: ownership and buildings follow fg.config. */
    public Access(CurrentConfig config) {
        this.config = config;
    }

    public boolean sees(Caller c, AlertTransition t) {
        return switch (c.role()) {
            case ADMIN -> true;
            case MANAGER -> c.grids().contains(t.grid());
            case CREW -> (t.assignee() != null && c.id().equals(t.assignee().crew()))
                    || config.view().routing().owner(t).map(c.id()::equals).orElse(false);
        };
    }

    public boolean seesGrid(Caller c, String grid) {
        return c.role() == Caller.Role.ADMIN || c.grids().contains(grid);
    }

    /** A manager's silence must stay within their grids: it names one of them, or a building in one. */
    public boolean maySilence(Caller c, Silence s) {
        if (c.role() == Caller.Role.ADMIN) {
            return true;
        }
        if (c.role() != Caller.Role.MANAGER) {
            return false;
        }
        String grid = s.matchers().get("grid");
        if (grid != null) {
            return c.grids().contains(grid);
        }
        String building = s.matchers().get("building");
        return building != null && config.config().community().buildings().stream()
                .anyMatch(b -> b.id().equals(building) && c.grids().contains(b.grid()));
    }
}

package io.finegrid.alerting.route;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.CommunityConfig;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.config.ResponsibilitiesConfig;
import io.finegrid.model.config.ResponsibilitiesConfig.Recipient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who hears of a transition, by the responsibility list: its assignee (the owning crew, or the
 * escalation level it reached). When an escalated alert is acknowledged or resolved, the owning
 * crew hears of it too, so nobody keeps working on what is over. An alert without an assignee (a
 * category nobody owns) goes to its grid's manager: every alert reaches somebody.
 */
public final class Routing {
    private final ResponsibilitiesConfig responsibilities;
    private final CommunityConfig community;

    public Routing(FineGridConfig config) {
        this.responsibilities = config.responsibilities();
        this.community = config.community();
    }

    public List<Recipient> recipients(AlertTransition t) {
        Set<String> ids = new LinkedHashSet<>();
        if (t.assignee() != null && t.assignee().crew() != null) {
            ids.add(t.assignee().crew());
        }
        boolean over = t.state() == AlertState.ACKNOWLEDGED || t.state() == AlertState.RESOLVED;
        if ((over && t.escalationLevel() > 0) || ids.isEmpty()) {
            owner(t).ifPresent(ids::add);
        }
        if (ids.isEmpty()) {
            manager(t.grid()).ifPresent(ids::add);
        }
        List<Recipient> out = new ArrayList<>();
        for (String id : ids) {
            responsibilities.recipient(id).ifPresent(out::add);
        }
        return out;
    }

    /** The crew that owns the alert's category in its grid. */
    public Optional<String> owner(AlertTransition t) {
        if (t.category() == null || t.grid() == null) {
            return Optional.empty();
        }
        return responsibilities.ownerOf(t.grid(), t.category()).map(ResponsibilitiesConfig.Assignment::crew);
    }

    public Optional<String> manager(String grid) {
        return community.grids().stream().filter(g -> g.id().equals(grid)).findFirst()
                .map(CommunityConfig.Grid::manager);
    }
}

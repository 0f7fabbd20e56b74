package io.finegrid.alerting.api;

import io.finegrid.alerting.config.CurrentConfig;
import io.finegrid.model.config.CommunityConfig;
import io.finegrid.model.config.FineGridConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bearer tokens and whom they stand for. The platform token ({@code FG_API_TOKEN}) is the admin;
 * a tokens file ({@code FG_API_TOKENS_FILE}) gives each person theirs, one per line:
 * {@code <token> <recipient-id>}, {@code #} comments. A recipient that manages grids is their
 * manager; any other recipient is a crew. A line naming no recipient of the responsibility list
 * is refused at start with its line number.
 */
public final class Tokens {
    /** Who a token stands for: the platform (admin), or a recipient of the responsibility list. */
    private record Holder(boolean admin, String recipient) {}

    private final Map<String, Holder> byToken;
    private final CurrentConfig config;

    private Tokens(Map<String, Holder> byToken, CurrentConfig config) {
        this.byToken = byToken;
        this.config = config;
    }

    public static Tokens of(String adminToken, List<String> lines, CurrentConfig config) {
        Map<String, Holder> m = new HashMap<>();
        m.put(adminToken, new Holder(true, null));
        int n = 0;
        for (String line : lines) {
            n++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] parts = s.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("tokens line " + n + ": expected '<token> <recipient-id>'");
            }
            String who = parts[1];
            if (config.config().responsibilities().recipient(who).isEmpty()) {
                throw new IllegalArgumentException("tokens line " + n + ": '" + who
                        + "' is not a recipient in responsibilities.yaml");
            }
            m.put(parts[0], new Holder(false, who));
        }
        return new Tokens(Map.copyOf(m), config);
    }

    public static Tokens read(String adminToken, Path file, CurrentConfig config) throws IOException {
        return of(adminToken, file == null ? List.of() : Files.readAllLines(file, StandardCharsets.UTF_8), config);
    }

    /**
     * Whom a recipient is now: the grids it manages come from the community in force, so a new
     * manager's token works for their grid at once; a recipient the responsibility list no longer
     * names has no standing, and its token is refused.
     */
    private Optional<Caller> standing(Holder holder) {
        if (holder.admin()) {
            return Optional.of(new Caller("admin", Caller.Role.ADMIN, Set.of()));
        }
        String who = holder.recipient();
        FineGridConfig now = config.config();
        if (now.responsibilities().recipient(who).isEmpty()) {
            return Optional.empty();
        }
        Set<String> grids = now.community().grids().stream().filter(g -> who.equals(g.manager()))
                .map(CommunityConfig.Grid::id).collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Caller(who, grids.isEmpty() ? Caller.Role.CREW : Caller.Role.MANAGER, grids));
    }

    /** The caller an {@code Authorization} header stands for. */
    public Optional<Caller> caller(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.empty();
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        // Compared in constant time, every token: response timing must not tell how much of one matched.
        Holder found = null;
        for (Map.Entry<String, Holder> e : byToken.entrySet()) {
            if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), given)) {
                found = e.getValue();
            }
        }
        return found == null ? Optional.empty() : standing(found);
    }
}

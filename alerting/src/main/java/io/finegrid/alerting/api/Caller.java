package io.finegrid.alerting.api;

import java.util.Set;

/**
 * Who is asking: an admin (the platform token), a grid manager (a recipient that manages grids in
 * community.yaml) or a crew (any other recipient).
 */
public record Caller(String id, Role role, Set<String> grids) {
    public enum Role { ADMIN, MANAGER, CREW }
}

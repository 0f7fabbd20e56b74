package io.finegrid.alerting.notify;

import io.finegrid.model.alert.AlertTransition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Names that survive a restart: a transition is {@code alertId|state|updatedAt} (the contract's
 * identity), and a notification is named after its target and the transitions it carries, so the
 * same message rebuilt after a restart has the same id (and the same idempotency key).
 */
public final class Identities {
    private Identities() {}

    public static String of(AlertTransition t) {
        return t.alertId() + "|" + t.state().wire() + "|" + t.updatedAt();
    }

    public static String notification(Target target, List<String> transitions, String salt) {
        StringBuilder s = new StringBuilder(target.recipient()).append('|').append(target.channel()).append('|')
                .append(target.address()).append('|').append(salt);
        transitions.stream().sorted().forEach(t -> s.append('|').append(t));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return "n-" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key under which the log remembers that a transition went to a target. */
    public static String sent(String transition, Target target) {
        return transition + "|" + target.recipient() + "|" + target.channel() + "|" + target.address();
    }
}

package io.finegrid.model.alert;

import java.util.List;

/**
 * One line of the notification log ({@code fg.notifications}, compacted by {@code id}): what was
 * sent to whom, over which channel, and how it went. {@code transitions} are the identities
 * ({@code alertId|state|updatedAt}) the message carried; {@code status} is {@code pending},
 * {@code delivered} or {@code failed}; {@code at} the wall-clock time of this status.
 */
public record NotificationRecord(String id, String recipient, String channel, String target, String groupKey,
                                 List<String> transitions, String status, int attempts, long at, String detail,
                                 List<AlertTransition> alerts) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    public NotificationRecord with(String newStatus, int newAttempts, long when, String why) {
        return new NotificationRecord(id, recipient, channel, target, groupKey, transitions, newStatus, newAttempts, when,
                why, alerts);
    }
}

package io.finegrid.model.alert;

import java.util.Map;

/**
 * A silence (planned maintenance of a building or device): while {@code startsAt <= now < endsAt},
 * alerts whose labels equal every matcher are not notified. Kept on the compacted {@code fg.silences}
 * topic by id; a deleted silence is a tombstone.
 */
public record Silence(String id, Map<String, String> matchers, long startsAt, long endsAt, String createdBy,
                      String comment) {
    public boolean activeAt(long now) {
        return startsAt <= now && now < endsAt;
    }
}

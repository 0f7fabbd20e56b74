package io.finegrid.jobs.hygiene;

/**
 * Pure decision: is a reading a duplicate of one already seen (same device and {@code seq})? The
 * remembered seqs expire once event time has moved {@code horizonMs} past them; a redelivery that
 * old is already late and handled as such.
 */
public final class DuplicateFilter {
    private DuplicateFilter() {}

    public static boolean expired(long seenTs, long watermark, long horizonMs) {
        return seenTs < watermark - horizonMs;
    }
}

package io.finegrid.jobs.faults;

import java.util.Arrays;

/**
 * The device states of one {@link DeviceRules} subtask by key, in front of Flink's heap keyed
 * state, which stays where they are kept, checkpointed and restored. Why: Flink's lookup walks to
 * a map entry, then to the stored key and its bytes to compare them, three reads from memory one
 * after the other, and in a large community each of them misses the caches (the devices take
 * turns, so a device's entry has left them by its next message): a third of the rule operator's
 * time. Here a key's hash finds a slot in two small arrays that stay in the cache, and the state
 * itself, which the message needs anyway, tells whether it is the device's (its key is copied
 * into the state's own fields).
 *
 * <p>Only states that Flink hands out itself (its heap backend) may be indexed, and only between
 * checkpoints: once a checkpoint begins, a state object the snapshot still reads must not change,
 * so Flink's heap backend gives out a copy the next time the key is asked for. The operator
 * therefore {@link #clear clears} the index when a snapshot begins (and whenever Flink's state is
 * changed behind it), and every device goes to Flink once again, getting the object that is safe
 * to change. Not thread-safe: one per subtask.
 */
final class DeviceStateIndex {
    /** Keys up to this many characters below 256 are compared in the state's own fields. */
    static final int INLINE_CHARS = 32;

    private int[] hashes = new int[64];
    private DeviceState[] states = new DeviceState[64];
    private int size;

    /* The key last looked up, packed into numbers: compared with the state's copy of it. */
    private String packedKey;
    private long k0;
    private long k1;
    private long k2;
    private long k3;
    /** The packed key's length, or -1 when it does not fit ({@link #INLINE_CHARS}): then compared as a string. */
    private int packedLength;

    /** The indexed state of {@code key}, or null. */
    DeviceState get(String key) {
        pack(key);
        int mask = states.length - 1;
        int h = key.hashCode();
        for (int slot = slotOf(h, mask); ; slot = (slot + 1) & mask) { // linear probing
            DeviceState d = states[slot];
            if (d == null) {
                return null;
            }
            if (hashes[slot] == h && isOf(d, key)) {
                return d;
            }
        }
    }

    /** Indexes {@code d} as the state of {@code key} (replacing what was indexed for it). */
    void put(String key, DeviceState d) {
        pack(key);
        d.indexKey0 = k0;
        d.indexKey1 = k1;
        d.indexKey2 = k2;
        d.indexKey3 = k3;
        d.indexKeyLength = packedLength;
        d.indexKey = packedLength < 0 ? key : null;
        if (2 * (size + 1) > states.length) {
            grow();
        }
        int mask = states.length - 1;
        int h = key.hashCode();
        for (int slot = slotOf(h, mask); ; slot = (slot + 1) & mask) {
            DeviceState e = states[slot];
            if (e == null) {
                hashes[slot] = h;
                states[slot] = d;
                size++;
                return;
            }
            if (hashes[slot] == h && isOf(e, key)) {
                states[slot] = d;
                return;
            }
        }
    }

    /** Forgets {@code key}'s state, if indexed. */
    void remove(String key) {
        pack(key);
        int mask = states.length - 1;
        int h = key.hashCode();
        int slot = slotOf(h, mask);
        while (true) {
            DeviceState d = states[slot];
            if (d == null) {
                return;
            }
            if (hashes[slot] == h && isOf(d, key)) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        // Backward-shift deletion: later entries of the same run move up, so that no lookup stops
        // early at the hole (linear probing needs no markers this way).
        int hole = slot;
        for (int next = (hole + 1) & mask; states[next] != null; next = (next + 1) & mask) {
            int home = slotOf(hashes[next], mask);
            boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                hashes[hole] = hashes[next];
                states[hole] = states[next];
                hole = next;
            }
        }
        states[hole] = null;
        size--;
    }

    /** Forgets every state (see the class comment). */
    void clear() {
        if (size > 0) {
            Arrays.fill(states, null);
            size = 0;
        }
    }

    int size() {
        return size;
    }

    /** Fibonacci hashing: String hashes of similar keys differ in their low bits only. */
    private static int slotOf(int hash, int mask) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    private boolean isOf(DeviceState d, String key) {
        if (packedLength < 0) {
            return d.indexKeyLength < 0 && key.equals(d.indexKey);
        }
        return d.indexKeyLength == packedLength && d.indexKey0 == k0 && d.indexKey1 == k1 && d.indexKey2 == k2
                && d.indexKey3 == k3;
    }

    /** Packs {@code key}'s characters, eight to a number, when they fit (see {@link #INLINE_CHARS}). */
    private void pack(String key) {
        if (key == packedKey) {
            return;
        }
        packedKey = key;
        k0 = 0;
        k1 = 0;
        k2 = 0;
        k3 = 0;
        int n = key.length();
        if (n > INLINE_CHARS) {
            packedLength = -1;
            return;
        }
        long w = 0;
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c > 0xff) {
                packedLength = -1;
                return;
            }
            w |= (long) c << ((i & 7) << 3);
            if ((i & 7) == 7 || i == n - 1) {
                switch (i >> 3) {
                    case 0 -> k0 = w;
                    case 1 -> k1 = w;
                    case 2 -> k2 = w;
                    default -> k3 = w;
                }
                w = 0;
            }
        }
        packedLength = n;
    }

    private void grow() {
        int[] oldHashes = hashes;
        DeviceState[] oldStates = states;
        hashes = new int[oldStates.length * 2];
        states = new DeviceState[oldStates.length * 2];
        int mask = states.length - 1;
        for (int i = 0; i < oldStates.length; i++) {
            if (oldStates[i] != null) {
                int slot = slotOf(oldHashes[i], mask);
                while (states[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                states[slot] = oldStates[i];
            }
        }
    }
}

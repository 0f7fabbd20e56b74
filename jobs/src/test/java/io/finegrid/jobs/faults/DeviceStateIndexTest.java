package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceStateIndexTest {

    @Test
    void aKeyIsFoundByItsCharactersNotByTheStringObject() {
        DeviceStateIndex index = new DeviceStateIndex();
        DeviceState d = new DeviceState();
        index.put("c1|wp-1", d);
        assertSame(d, index.get(new String("c1|wp-1".toCharArray())));
        assertNull(index.get("c1|wp-2"));
        assertNull(index.get("c1|wp-1 "), "a longer key");
        assertNull(index.get("c1|wp-"), "a shorter key");
    }

    @Test
    void keysWithTheSameHashAreToldApart() {
        // "Aa" and "BB" have the same String hash, so do the keys built from them.
        assertEquals("c1|Aa".hashCode(), "c1|BB".hashCode());
        String longA = "community-with-a-long-name|lift-Aa-0001";
        String longB = "community-with-a-long-name|lift-BB-0001";
        assertEquals(longA.hashCode(), longB.hashCode());
        DeviceStateIndex index = new DeviceStateIndex();
        DeviceState a = new DeviceState();
        DeviceState b = new DeviceState();
        DeviceState la = new DeviceState();
        DeviceState lb = new DeviceState();
        index.put("c1|Aa", a);
        index.put("c1|BB", b);
        index.put(longA, la);
        index.put(longB, lb);
        assertSame(a, index.get("c1|Aa"));
        assertSame(b, index.get("c1|BB"));
        assertSame(la, index.get(new String(longA.toCharArray())));
        assertSame(lb, index.get(new String(longB.toCharArray())));
        index.remove("c1|Aa");
        assertNull(index.get("c1|Aa"));
        assertSame(b, index.get("c1|BB"), "the other key of the same hash stays");
    }

    @Test
    void keysThatDoNotFitInTheStatesFieldsAreComparedAsStrings() {
        DeviceStateIndex index = new DeviceStateIndex();
        String atLimit = "c".repeat(DeviceStateIndex.INLINE_CHARS);
        String overLimit = "c".repeat(DeviceStateIndex.INLINE_CHARS + 1);
        String wide = "绿景苑|水泵-1";
        String wideTwin = "绿景苑|水泵-2";
        DeviceState[] states = {new DeviceState(), new DeviceState(), new DeviceState(), new DeviceState()};
        index.put(atLimit, states[0]);
        index.put(overLimit, states[1]);
        index.put(wide, states[2]);
        index.put(wideTwin, states[3]);
        assertSame(states[0], index.get(new String(atLimit.toCharArray())));
        assertSame(states[1], index.get(new String(overLimit.toCharArray())));
        assertSame(states[2], index.get(new String(wide.toCharArray())));
        assertSame(states[3], index.get(new String(wideTwin.toCharArray())));
        assertNull(index.get("c".repeat(DeviceStateIndex.INLINE_CHARS - 1)));
    }

    /** Random puts, removes and clears against a map: growth and deletion keep every key findable. */
    @Test
    void behavesLikeAMapThroughGrowthRemovalAndClearing() {
        Random random = new Random(7);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            keys.add(switch (i % 4) {
                case 0 -> "c1|wp-" + i;
                case 1 -> "a-community-name-long-enough|sensor-" + i;
                case 2 -> "社区|设备-" + i;
                default -> (i % 8 < 4 ? "Aa" : "BB") + "|" + (i / 8); // pairs of equal hashes
            });
        }
        DeviceStateIndex index = new DeviceStateIndex();
        Map<String, DeviceState> expected = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            String key = keys.get(random.nextInt(keys.size()));
            int what = random.nextInt(100);
            if (what < 55) {
                DeviceState d = new DeviceState();
                index.put(key, d);
                expected.put(key, d);
            } else if (what < 95) {
                index.remove(key);
                expected.remove(key);
            } else if (what == 99 && random.nextInt(50) == 0) {
                index.clear();
                expected.clear();
            }
            if (op % 997 == 0) {
                for (String k : keys) {
                    assertSame(expected.get(k), index.get(new String(k.toCharArray())), "after op " + op + ": " + k);
                }
                assertEquals(expected.size(), index.size());
            }
        }
    }
}

package io.finegrid.jobs.faults;

import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * A device's states of one rule kind, by rule id. The first rule's state is held in the object's
 * own fields and any further ones in a map: nearly every device has one rule of a kind (one
 * offline rule, one rate rule on its type), and a hash map cost four dependent reads to reach that
 * one state (map, table, node, value), each cold in the cache, for every reading. Here it is two.
 * A device keeps no object at all for a kind until it holds a state of it ({@link #with}).
 *
 * <p>Rule ids are compared by reference first: the running rule set hands out the same string
 * every time, and the first equal-but-distinct id met (after a restore) is replaced by it.
 *
 * <p>A Flink POJO once its type parameter is bound where it is used ({@code
 * RuleStates<RateDetector.State>}): Flink's own analysis leaves the map of a generic class to Kryo,
 * which the job does not allow, so {@link Info} spells the fields out.
 */
@TypeInfo(RuleStates.Info.class)
public class RuleStates<S> {
    /** The first rule's id, and its state (never null while the object exists). */
    public String rule;
    public S state;
    /** The states of further rules by id; null while there are none. */
    public Map<String, S> more;

    /** The state of rule {@code id} in {@code states} (may be null); null when none is kept. */
    static <S> S stateOf(RuleStates<S> states, String id) {
        if (states == null) {
            return null;
        }
        String first = states.rule;
        if (first == id) {
            return states.state;
        }
        if (first.equals(id)) {
            states.rule = id; // from now on by reference
            return states.state;
        }
        return states.more == null ? null : states.more.get(id);
    }

    /**
     * {@code states} (may be null) with rule {@code id}'s state set to {@code st}, or removed when
     * {@code st} is null: the object to keep, made at the first state and dropped (null) at the last.
     */
    static <S> RuleStates<S> with(RuleStates<S> states, String id, S st) {
        if (states == null) {
            if (st == null) {
                return null;
            }
            states = new RuleStates<>();
            states.rule = id;
            states.state = st;
            return states;
        }
        if (states.rule == id || states.rule.equals(id)) {
            states.rule = id;
            if (st != null) {
                states.state = st;
                return states;
            }
            return states.promoteOne();
        }
        if (st == null) {
            if (states.more != null && states.more.remove(id) != null && states.more.isEmpty()) {
                states.more = null;
            }
            return states;
        }
        if (states.more == null) {
            states.more = new HashMap<>(4);
        }
        states.more.put(id, st);
        return states;
    }

    /**
     * Removes the states {@code drop} picks (handed each id and state, the first rule's first); the
     * object to keep, null when none is left.
     */
    static <S> RuleStates<S> removeIf(RuleStates<S> states, BiPredicate<String, S> drop) {
        if (states == null) {
            return null;
        }
        boolean dropFirst = drop.test(states.rule, states.state);
        if (states.more != null) {
            Iterator<Map.Entry<String, S>> it = states.more.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, S> e = it.next();
                if (drop.test(e.getKey(), e.getValue())) {
                    it.remove();
                }
            }
            if (states.more.isEmpty()) {
                states.more = null;
            }
        }
        return dropFirst ? states.promoteOne() : states;
    }

    /** Whether some state satisfies {@code test}. */
    static <S> boolean any(RuleStates<S> states, java.util.function.Predicate<S> test) {
        if (states == null) {
            return false;
        }
        if (test.test(states.state)) {
            return true;
        }
        if (states.more != null) {
            for (S st : states.more.values()) {
                if (test.test(st)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first state is gone: one of the others takes its place, or nothing is left (null). */
    private RuleStates<S> promoteOne() {
        if (more == null) {
            return null;
        }
        Iterator<Map.Entry<String, S>> it = more.entrySet().iterator();
        Map.Entry<String, S> e = it.next();
        rule = e.getKey();
        state = e.getValue();
        it.remove();
        if (more.isEmpty()) {
            more = null;
        }
        return this;
    }

    /** Flink's type information: a POJO of the rule id, the state, and a map of further states, all typed. */
    public static final class Info<S> extends TypeInfoFactory<RuleStates<S>> {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public TypeInformation<RuleStates<S>> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            TypeInformation<S> state = (TypeInformation<S>) generics.get("S");
            if (state == null) {
                throw new IllegalArgumentException("RuleStates needs its state type bound, as in RuleStates<RateDetector.State>: " + t);
            }
            try {
                return new PojoTypeInfo(RuleStates.class, List.of(
                        new PojoField(RuleStates.class.getField("rule"), Types.STRING),
                        new PojoField(RuleStates.class.getField("state"), state),
                        new PojoField(RuleStates.class.getField("more"), new MapTypeInfo<>(Types.STRING, state))));
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

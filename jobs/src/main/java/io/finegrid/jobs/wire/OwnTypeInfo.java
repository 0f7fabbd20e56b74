package io.finegrid.jobs.wire;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink's type information for a record type that has a serializer of its own and no fields
 * Flink needs to see (no keys by field position, no nested types). Subclasses give the
 * serializer; instances of one subclass are equal, so streams of the type union.
 */
public abstract class OwnTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;

    protected OwnTypeInfo(Class<T> type) {
        this.type = type;
    }

    @Override
    public final boolean isBasicType() {
        return false;
    }

    @Override
    public final boolean isTupleType() {
        return false;
    }

    @Override
    public final int getArity() {
        return 1;
    }

    @Override
    public final int getTotalFields() {
        return 1;
    }

    @Override
    public final Class<T> getTypeClass() {
        return type;
    }

    @Override
    public final boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public final boolean canEqual(Object o) {
        return o != null && o.getClass() == getClass();
    }
}

package dev.h1.server.exchange;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link VarHandle} of a field, for the classes of this package that need more than a field updater offers: a
 * compare-and-set that is an intrinsic, atomic bit operations, plain stores to a volatile field before publication.
 */
final class FieldHandles {

    private FieldHandles() {
    }

    /**
     * The handle of the field {@code name}, of {@code type}, in the class that made {@code lookup}; to be called from
     * that class's static initializer, which fails if the field is not there.
     */
    static VarHandle of(MethodHandles.Lookup lookup, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(lookup.lookupClass(), name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

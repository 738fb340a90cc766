package dev.s4j.interop;

import java.util.HashMap;

/**
 * What a class the reader does not know becomes: an inert record of the class's name and the data
 * the pickle gives it (nothing of the class runs). Lightning keeps such objects beside its state
 * dict; one where a tensor or the state dict itself belongs is reported by name.
 */
final class Opaque extends HashMap<Object, Object> {
    private final String className;

    Opaque(String className) {
        this.className = className;
    }

    /** {@code module.Name} of the class. */
    String className() {
        return className;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}

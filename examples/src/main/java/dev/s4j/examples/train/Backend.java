package dev.s4j.examples.train;

import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.accel.Accelerators;
import java.util.ArrayList;
import java.util.List;

/**
 * Choosing the backend of the heavy stages by name, as {@code --accelerator} does: {@code auto}
 * takes the best usable backend (the CPU when no other is usable), {@code cpu} the built-in one,
 * any other name that backend, which must then be usable.
 */
public final class Backend {
    /** The best usable backend. */
    public static final String AUTO = "auto";

    private Backend() {
    }

    /**
     * Selects {@code wanted} for every heavy job from now on.
     *
     * @return the backend in use
     * @throws IllegalArgumentException naming {@code --accelerator} when the name is unknown or that backend is not usable
     */
    public static Accelerator select(String wanted) {
        List<String> known = names();
        if (!known.contains(wanted)) {
            throw new IllegalArgumentException("--accelerator " + wanted + ": unknown backend; choose one of " + String.join(", ", known));
        }
        for (Accelerator a : Accelerators.candidates()) {
            String reason = a.name().equals(wanted) ? a.probe() : null;
            if (reason != null) {
                throw new IllegalArgumentException("--accelerator " + wanted + ": not usable here: " + reason
                        + " (run 's4j info' for details, or use --accelerator cpu)");
            }
        }
        return Accelerators.select(wanted);
    }

    /** The names {@link #select} takes: auto, cpu and every backend found on the class path. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of(AUTO, "cpu"));
        for (Accelerator a : Accelerators.candidates()) {
            if (!names.contains(a.name())) {
                names.add(a.name());
            }
        }
        return names;
    }
}

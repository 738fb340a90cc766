package dev.s4j.autograd;

/**
 * Gradient recording switch, per thread. Recording is on by default; inference and optimizer
 * updates turn it off for a scope:
 *
 * <pre>{@code
 * try (var g = Grad.disabled()) {
 *     Tensor y = model.forward(x);   // no graph is recorded
 * }
 * }</pre>
 */
public final class Grad {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Grad() {
    }

    /** True if ops on this thread record a graph. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables recording until the returned scope is closed (restores the previous state). */
    public static Scope disabled() {
        return set(false);
    }

    /** Enables recording until the returned scope is closed (restores the previous state). */
    public static Scope enabled() {
        return set(true);
    }

    private static Scope set(boolean on) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = on;
        return () -> flag[0] = previous;
    }

    /** A scope that restores the previous recording state when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

package dev.s4j.autograd.kernel;

/**
 * Whether the Vector API (incubator module {@code jdk.incubator.vector}) can be used. It needs
 * {@code --add-modules jdk.incubator.vector} on the JVM command line; without it every kernel
 * falls back to plain loops. The system property {@code s4j.vector=false} forces the fallback.
 */
public final class VectorSupport {
    private static final boolean AVAILABLE = detect();

    private VectorSupport() {
    }

    /** True if vectorized kernels run. */
    public static boolean available() {
        return AVAILABLE;
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("s4j.vector", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return FloatLanes.width() >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Isolates the first touch of the incubator classes. */
    private static final class FloatLanes {
        static int width() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        }
    }
}

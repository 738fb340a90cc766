package dev.s4j.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Whether this JVM may load OpenCL drivers. A driver loaded into the JVM's process may install
 * its own handlers for the signals the JVM relies on: PoCL, for instance, replaces the handlers of
 * SIGSEGV, SIGBUS and SIGILL (through LLVM, with handlers that reset themselves, so two threads
 * faulting at once at a safepoint kill the process) and of SIGFPE (which then skips a Java
 * division by zero instead of throwing {@link ArithmeticException}). The JVM's signal-chaining
 * library, {@code libjsig}, keeps the JVM's handlers in front and passes the driver the signals
 * that are its own; on Linux it must be preloaded: {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}
 * (the {@code s4j} command and the build's tests do this). Without it, s4j does not load OpenCL
 * on Linux unless the system property {@code s4j.opencl.signalChaining} is {@code false}.
 */
final class SignalChaining {
    private static final String REASON = check();

    private SignalChaining() {
    }

    /** Null if OpenCL may be loaded, otherwise why not (with what to do). */
    static String reason() {
        return REASON;
    }

    private static String check() {
        if ("false".equalsIgnoreCase(System.getProperty("s4j.opencl.signalChaining", "").trim())) {
            return null;
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        Path maps = Path.of("/proc/self/maps");
        try (Stream<String> lines = Files.lines(maps)) {
            if (lines.anyMatch(l -> l.contains("/libjsig.so"))) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;   // no /proc: nothing to check against
        }
        return "the JVM runs without signal chaining, and OpenCL drivers (PoCL among them) replace the JVM's signal handlers,"
                + " which can crash it; start java with LD_PRELOAD=" + Path.of(System.getProperty("java.home"), "lib", "libjsig.so")
                + " (the s4j command does), or set s4j.opencl.signalChaining=false to load OpenCL anyway";
    }
}

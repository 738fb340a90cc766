package dev.s4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * With an OpenCL driver loaded, the JVM still owns its signals: a division by zero in compiled
 * code throws, and null dereferences and stack overflows are still caught (PoCL's own SIGFPE
 * handler, when not chained behind the JVM's, silently skips such a division).
 */
class SignalsTest {

    private static int divide(int a, int b) {
        return a / b;
    }

    private static int length(String s) {
        return s.length();
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    @Test
    void theJvmKeepsItsSignalsWithTheDriverLoaded() {
        TestDevice.require();
        assertNull(SignalChaining.reason(), "the build preloads libjsig for its tests");
        int divisions = 0;
        int nulls = 0;
        for (int i = 0; i < 2_000_000; i++) {    // enough for the JIT to compile both with implicit checks
            try {
                divide(i, i % 1000 == 0 ? 0 : 1);
            } catch (ArithmeticException e) {
                divisions++;
            }
            try {
                length(i % 1000 == 0 ? null : "x");
            } catch (NullPointerException e) {
                nulls++;
            }
        }
        assertEquals(2000, divisions, "every division by zero threw");
        assertEquals(2000, nulls, "every null dereference threw");
        int overflows = 0;
        for (int i = 0; i < 3; i++) {
            try {
                depth(Integer.MAX_VALUE);
            } catch (StackOverflowError e) {
                overflows++;
            }
        }
        assertEquals(3, overflows);
    }
}

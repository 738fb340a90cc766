package dev.s4j.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import java.util.Locale;
import java.util.Random;

/**
 * The device the tests use. Without a usable OpenCL device the tests are skipped, except when
 * the environment variable CI is set: there a missing device fails them, so that a suite that
 * silently skipped cannot pass.
 */
final class TestDevice {
    static final OpenClAccelerator ACCELERATOR = new OpenClAccelerator();

    private TestDevice() {
    }

    /** The probed backend (probing again if a test closed the device). */
    static OpenClAccelerator require() {
        String reason = ACCELERATOR.probe();
        if (reason != null) {
            if (System.getenv("CI") != null) {
                fail("CI is set but the OpenCL backend is not usable: " + reason);
            }
            assumeTrue(false, "no usable OpenCL device: " + reason);
        }
        return ACCELERATOR;
    }

    /** Whether the device in use runs float64 jobs. */
    static boolean fp64() {
        OpenClRuntime.Session s = OpenClRuntime.current();
        return s != null && s.device().supports(Precision.DOUBLE);
    }

    static Storage random(Random random, DType dtype, int length, double reShift) {
        Storage s = Storage.allocate(dtype, length);
        for (int i = 0; i < length; i++) {
            s.setRe(i, random.nextGaussian() + reShift);
            if (dtype.isComplex()) {
                s.setIm(i, random.nextGaussian());
            }
        }
        return s;
    }

    /** The largest error over the largest magnitude of {@code expected} is at most {@code tolerance}. */
    static void assertClose(String what, Storage expected, Storage actual, double tolerance) {
        double error = ProbeChecks.relativeError(expected, actual);
        assertTrue(error <= tolerance, String.format(Locale.ROOT, "%s: relative error %.3g > %.0g", what, error, tolerance));
    }

    /** The tolerance for a dtype: 1e-5 in single precision, 1e-12 in double. */
    static double tolerance(DType dtype) {
        return dtype.isDoublePrecision() ? 1e-12 : 1e-5;
    }
}

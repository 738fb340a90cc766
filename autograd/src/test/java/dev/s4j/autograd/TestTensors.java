package dev.s4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

/** Helpers shared by the autograd tests. */
public final class TestTensors {
    private TestTensors() {
    }

    /** Normal random values (complex: both parts) of the given dtype, from a fixed seed. */
    public static Tensor randn(long seed, DType dtype, int... shape) {
        return Tensor.randn(new Generator(seed), dtype, shape);
    }

    /** Uniform values in [lo, hi) (both parts for complex), from a fixed seed. */
    public static Tensor uniform(long seed, double lo, double hi, DType dtype, int... shape) {
        return Tensor.uniform(new Generator(seed), lo, hi, dtype, shape);
    }

    /** Runs GradCheck and fails with its message. */
    public static void assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Report r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), r.message());
        assertTrue(r.comparisons() > 0, "nothing was compared");
    }

    /** Asserts equal shape and, elementwise, |a − b| ≤ tol·max(1, |b|) on real and imaginary parts. */
    public static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertEquals(Shape.format(expected.shape()), Shape.format(actual.shape()), "shape");
        for (int i = 0; i < expected.numel(); i++) {
            double er = expected.storage().re(i);
            double ei = expected.storage().im(i);
            double ar = actual.storage().re(i);
            double ai = actual.storage().im(i);
            double scale = Math.max(1, Math.hypot(er, ei));
            assertTrue(Math.abs(er - ar) <= tol * scale && Math.abs(ei - ai) <= tol * scale,
                    "element " + i + ": expected " + er + (ei != 0 ? "+" + ei + "i" : "") + ", got " + ar
                            + (ai != 0 ? "+" + ai + "i" : "") + " (tol " + tol + ")");
        }
    }

    /** Largest |a − b| over real and imaginary parts divided by the largest |b|. */
    public static double relativeError(Tensor expected, Tensor actual) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < expected.numel(); i++) {
            num = Math.max(num, Math.hypot(expected.storage().re(i) - actual.storage().re(i),
                    expected.storage().im(i) - actual.storage().im(i)));
            den = Math.max(den, Math.hypot(expected.storage().re(i), expected.storage().im(i)));
        }
        return den == 0 ? num : num / den;
    }
}

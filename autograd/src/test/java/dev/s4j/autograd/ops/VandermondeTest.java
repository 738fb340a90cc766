package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.randn;
import static dev.s4j.autograd.TestTensors.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fused real Vandermonde product against its definition, in float64 and float32, with gradients and memory. */
class VandermondeTest {

    /** Stable diagonal modes like S4D's Ā = e^{Δλ}: |z| between {@code lo} and 1, spread phases. */
    static Tensor bases(long seed, double lo, DType dt, int... shape) {
        Generator g = new Generator(seed);
        int n = Tensor.zeros(shape).numel();
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            double mag = lo + (1 - lo) * g.nextDouble();
            double phase = Math.PI * (2 * g.nextDouble() - 1);
            re[i] = mag * Math.cos(phase);
            im[i] = mag * Math.sin(phase);
        }
        return Tensor.complex(re, im, shape).to(dt);
    }

    /** 2 Re Σ c z^ℓ with z^ℓ = exp(ℓ log z) for every term: no recurrence shared with the kernels. */
    static Tensor naive(Tensor c, Tensor z, int l) {
        int n = z.size(-1);
        int rows = z.numel() / n;
        int m = c.numel() / (rows * n);
        Storage out = Storage.allocate(DType.FLOAT64, m * rows * l);
        for (int row = 0; row < m * rows; row++) {
            int r = row % rows;
            for (int k = 0; k < l; k++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    double zr = z.storage().re(r * n + j);
                    double zi = z.storage().im(r * n + j);
                    double mag = Math.pow(Math.hypot(zr, zi), k);
                    double ang = k * Math.atan2(zi, zr);
                    s += 2 * mag * (c.storage().re(row * n + j) * Math.cos(ang) - c.storage().im(row * n + j) * Math.sin(ang));
                }
                out.setRe(row * l + k, s);
            }
        }
        int[] shape = c.shape();
        shape[shape.length - 1] = l;
        return new Tensor(out, shape);
    }

    @ParameterizedTest(name = "N={0} L={1}")
    @CsvSource({"1, 1", "3, 2", "8, 255", "32, 1024", "64, 4096", "16, 16384"})
    void float64MatchesTheDefinition(int n, int l) {
        Tensor z = bases(1, 0.9, DType.COMPLEX128, 2, n);
        Tensor c = randn(2, DType.COMPLEX128, 3, 2, n);
        Tensor out = Vandermonde.apply(c, z, l);
        assertArrayEquals(new int[] {3, 2, l}, out.shape());
        double err = relativeError(naive(c, z, l), out);
        assertTrue(err <= 1e-12, "relative error " + err);
    }

    @ParameterizedTest(name = "N={0} L={1} |z|>={2}")
    @CsvSource({"4, 7, 0.9", "32, 1025, 0.99", "32, 4096, 0.999", "8, 16384, 0.5"})
    void float32PathMatchesFloat64(int n, int l, double lo) {
        // inputs representable in float32, so both paths see the same numbers (z^ℓ magnifies any rounding ℓ-fold)
        Tensor z = bases(3, lo, DType.COMPLEX64, 3, n).to(DType.COMPLEX128);
        Tensor c = randn(4, DType.COMPLEX64, 2, 3, n).to(DType.COMPLEX128);
        Tensor ref = Vandermonde.apply(c, z, l);
        Tensor got = Vandermonde.apply(c.to(DType.COMPLEX64), z.to(DType.COMPLEX64), l);
        double err = relativeError(ref, got);
        assertTrue(err <= 1e-5, "float32 relative error " + err);
    }

    @ParameterizedTest(name = "N={0} L={1}")
    @CsvSource({"8, 300", "32, 1031"})
    void float32GradientsMatchFloat64(int n, int l) {
        Tensor z = bases(5, 0.95, DType.COMPLEX64, 3, n).to(DType.COMPLEX128);
        Tensor c = randn(6, DType.COMPLEX64, 2, 3, n).to(DType.COMPLEX128);
        Tensor g = randn(7, DType.FLOAT32, 2, 3, l).to(DType.FLOAT64);
        Tensor[] ref = grads(c, z, g, l);
        Tensor[] got = grads(c.to(DType.COMPLEX64), z.to(DType.COMPLEX64), g.to(DType.FLOAT32), l);
        for (int i = 0; i < 2; i++) {
            double err = relativeError(ref[i], got[i]);
            assertTrue(err <= 1e-4, "gradient " + i + " relative error " + err);
        }
    }

    private static Tensor[] grads(Tensor c, Tensor z, Tensor g, int l) {
        Tensor cc = c.detach().requiresGrad(true);
        Tensor zz = z.detach().requiresGrad(true);
        Vandermonde.apply(cc, zz, l).backward(g);
        return new Tensor[] {cc.grad(), zz.grad()};
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"COMPLEX64", "COMPLEX128"})
    void forwardAndBackwardNeverBuildAnNByLArray(DType dtype) {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        int n = 256;
        int l = 4096;
        long limit = 8L * n * l / 8;
        int before = Parallel.threads();
        Parallel.setThreads(1);
        StringBuilder seen = new StringBuilder();
        try {
            for (int attempt = 0; attempt < 40; attempt++) {
                Tensor z = bases(8, 0.999, dtype, 1, n).requiresGrad(true);
                Tensor c = randn(9, dtype, 1, n).requiresGrad(true);
                Tensor g = randn(10, dtype.toReal(), 1, l);
                long start = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                Vandermonde.apply(c, z, l).backward(g);
                long used = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - start;
                seen.append(used).append(' ');
                if (used < limit) {
                    return;
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
        throw new AssertionError("every call allocated more than " + limit + " bytes: " + seen);
    }
}

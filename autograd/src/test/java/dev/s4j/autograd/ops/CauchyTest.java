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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fused Cauchy op against the naive double sum, its float32 path, gradients and memory. */
class CauchyTest {

    /** Poles like S4's Δλ: Re < 0, spread imaginary parts. */
    private static Tensor poles(long seed, DType dt, int... shape) {
        Generator g = new Generator(seed);
        int n = Tensor.zeros(shape).numel();
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = -0.05 - 0.5 * g.nextDouble();
            im[i] = 10 * (g.nextDouble() - 0.5);
        }
        return Tensor.complex(re, im, shape).to(dt);
    }

    /** Points on the imaginary axis, like S4's 2(1 − ω)/(1 + ω) at the roots of unity. */
    private static Tensor points(int l, DType dt) {
        double[] re = new double[l];
        double[] im = new double[l];
        for (int k = 0; k < l; k++) {
            im[k] = 2 * Math.tan(Math.PI * (k + 0.5) / (2 * l) - Math.PI / 4);
        }
        return Tensor.complex(re, im).to(dt);
    }

    /** out[m, r, l] = Σ_n v/(z − w) (+ conj terms) by the definition, in double. */
    private static Tensor naive(Tensor v, Tensor z, Tensor w, boolean pairs) {
        int n = w.size(-1);
        int rows = w.numel() / n;
        int m = v.numel() / (rows * n);
        int l = z.size(-1);
        boolean shared = z.rank() == 1;
        Storage out = Storage.allocate(DType.COMPLEX128, m * rows * l);
        for (int a = 0; a < m; a++) {
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < l; k++) {
                    double zr = z.storage().re((shared ? 0 : r * l) + k);
                    double zi = z.storage().im((shared ? 0 : r * l) + k);
                    double sr = 0;
                    double si = 0;
                    for (int j = 0; j < n; j++) {
                        double vr = v.storage().re((a * rows + r) * n + j);
                        double vi = v.storage().im((a * rows + r) * n + j);
                        double wr = w.storage().re(r * n + j);
                        double wi = w.storage().im(r * n + j);
                        double[] t = div(vr, vi, zr - wr, zi - wi);
                        sr += t[0];
                        si += t[1];
                        if (pairs) {
                            t = div(vr, -vi, zr - wr, zi + wi);
                            sr += t[0];
                            si += t[1];
                        }
                    }
                    out.setRe((a * rows + r) * l + k, sr);
                    out.setIm((a * rows + r) * l + k, si);
                }
            }
        }
        int[] shape = v.shape();
        shape[shape.length - 1] = l;
        return new Tensor(out, shape);
    }

    private static double[] div(double ar, double ai, double br, double bi) {
        double d = br * br + bi * bi;
        return new double[] {(ar * br + ai * bi) / d, (ai * br - ar * bi) / d};
    }

    @ParameterizedTest(name = "N={0} L={1} pairs={2}")
    @CsvSource({"1, 1, false", "3, 5, true", "64, 1000, false", "64, 1000, true", "512, 16384, false", "512, 16384, true",
        "17, 4097, true"})
    void float64MatchesTheNaiveSum(int n, int l, boolean pairs) {
        Tensor w = poles(1, DType.COMPLEX128, 1, n);
        Tensor v = randn(2, DType.COMPLEX128, 1, n);
        Tensor z = points(l, DType.COMPLEX128);
        double err = relativeError(naive(v, z, w, pairs), Cauchy.apply(v, z, w, pairs));
        assertTrue(err <= 1e-12, "relative error " + err);
    }

    @Test
    void numeratorsShareThePolesAndRowsMayHaveTheirOwnPoints() {
        Tensor w = poles(3, DType.COMPLEX128, 2, 3, 16);
        Tensor v = randn(4, DType.COMPLEX128, 5, 2, 3, 16);
        Tensor z = randn(5, DType.COMPLEX128, 2, 3, 40);
        Tensor out = Cauchy.apply(v, z, w, true);
        assertArrayEquals(new int[] {5, 2, 3, 40}, out.shape());
        assertTrue(relativeError(naive(v, z, w, true), out) <= 1e-12);
    }

    @ParameterizedTest(name = "scale {0}")
    @CsvSource({"1e-12", "1e10", "1e20"})
    void float32PathIsScaleInvariant(double scale) {
        Tensor w = poles(16, DType.COMPLEX128, 2, 8).mul(scale);
        Tensor v = randn(17, DType.COMPLEX128, 4, 2, 8);
        Tensor z = points(100, DType.COMPLEX128).mul(scale);
        Tensor g = randn(18, DType.COMPLEX128, 4, 2, 100);
        for (boolean pairs : new boolean[] {false, true}) {
            Tensor ref = Cauchy.apply(v, z, w, pairs);
            Tensor got = Cauchy.apply(v.to(DType.COMPLEX64), z.to(DType.COMPLEX64), w.to(DType.COMPLEX64), pairs);
            assertTrue(relativeError(ref, got) <= 2e-5, "pairs=" + pairs + " error " + relativeError(ref, got));
            Tensor[] gr = grads(v, z, w, g, pairs);
            Tensor[] gg = grads(v.to(DType.COMPLEX64), z.to(DType.COMPLEX64), w.to(DType.COMPLEX64), g.to(DType.COMPLEX64), pairs);
            assertTrue(relativeError(gr[0], gg[0]) <= 1e-4, "grad v, pairs=" + pairs);
            assertTrue(relativeError(gr[2], gg[2]) <= 1e-4, "grad w, pairs=" + pairs);
        }
    }

    @Test
    void conjugatePairsEqualThePlainSumOverBothMembers() {
        Tensor w = poles(6, DType.COMPLEX128, 4, 8);
        Tensor v = randn(7, DType.COMPLEX128, 4, 8);
        Tensor z = points(100, DType.COMPLEX128);
        Tensor both = Cauchy.apply(Tensor.cat(1, v, v.conj()), z, Tensor.cat(1, w, w.conj()), false);
        assertTrue(relativeError(both, Cauchy.apply(v, z, w, true)) <= 1e-13);
    }

    @ParameterizedTest(name = "M={0} N={1} L={2} pairs={3}")
    @CsvSource({"1, 8, 37, false", "4, 32, 1025, true", "4, 32, 1025, false", "5, 64, 4096, true", "9, 3, 100, true"})
    void float32PathMatchesFloat64(int m, int n, int l, boolean pairs) {
        Tensor w = poles(8, DType.COMPLEX128, 3, n);
        Tensor v = randn(9, DType.COMPLEX128, m, 3, n);
        Tensor z = points(l, DType.COMPLEX128);
        Tensor ref = Cauchy.apply(v, z, w, pairs);
        Tensor got = Cauchy.apply(v.to(DType.COMPLEX64), z.to(DType.COMPLEX64), w.to(DType.COMPLEX64), pairs);
        double err = relativeError(ref, got);
        assertTrue(err <= 2e-5, "float32 relative error " + err);
    }

    @ParameterizedTest(name = "pairs={0} M={1}")
    @CsvSource({"false, 4", "true, 4", "true, 3", "false, 1"})
    void float32GradientsMatchFloat64(boolean pairs, int m) {
        Tensor w64 = poles(10, DType.COMPLEX128, 3, 16);
        Tensor v64 = randn(11, DType.COMPLEX128, m, 3, 16);
        Tensor z64 = points(300, DType.COMPLEX128);
        Tensor g64 = randn(12, DType.COMPLEX128, m, 3, 300);
        Tensor[] ref = grads(v64, z64, w64, g64, pairs);
        Tensor[] got = grads(v64.to(DType.COMPLEX64), z64.to(DType.COMPLEX64), w64.to(DType.COMPLEX64),
                g64.to(DType.COMPLEX64), pairs);
        for (int i = 0; i < 3; i++) {
            double err = relativeError(ref[i], got[i]);
            assertTrue(err <= 1e-4, "gradient " + i + " relative error " + err);
        }
    }

    private static Tensor[] grads(Tensor v, Tensor z, Tensor w, Tensor g, boolean pairs) {
        Tensor vv = v.detach().requiresGrad(true);
        Tensor zz = z.detach().requiresGrad(true);
        Tensor ww = w.detach().requiresGrad(true);
        Cauchy.apply(vv, zz, ww, pairs).backward(g);
        return new Tensor[] {vv.grad(), zz.grad(), ww.grad()};
    }

    /**
     * Bytes allocated on this thread by one forward + backward at N = 256, L = 4096 once the code
     * is compiled (interpreted Vector API code boxes every vector; compiled code does not, so the
     * call is repeated until it is). One complex N×L array would be 8·N·L bytes.
     */
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
        Parallel.setThreads(1);   // every allocation happens on this thread
        StringBuilder seen = new StringBuilder();
        try {
            for (int attempt = 0; attempt < 40; attempt++) {
                long used = allocatedBy(threads, dtype, n, l);
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

    private static long allocatedBy(com.sun.management.ThreadMXBean threads, DType dtype, int n, int l) {
        Tensor w = poles(13, dtype, 1, n).requiresGrad(true);
        Tensor v = randn(14, dtype, 4, 1, n).requiresGrad(true);
        Tensor z = points(l, dtype);
        Tensor g = randn(15, dtype, 4, 1, l);
        long start = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        Cauchy.apply(v, z, w, true).backward(g);
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - start;
    }
}

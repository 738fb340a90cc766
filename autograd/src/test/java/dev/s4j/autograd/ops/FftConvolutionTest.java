package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.randn;
import static dev.s4j.autograd.TestTensors.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused FFT convolution and its gradients against the direct sums in float64, and its
 * gradients against the unfused ops. The build runs this class with and without the Vector API,
 * so float32 checks the lane-batched path in one run and the float64 row path in the other.
 */
class FftConvolutionTest {

    /** Sizes of one case: u (B, H, L), k (C, H, M), transform length n. */
    private record Dims(int b, int c, int h, int l, int m, int n) {
    }

    /** Output and both gradients of the direct sums, float64. */
    private record Reference(double[] y, double[] gu, double[] gk) {
    }

    private static double[] values(Tensor t) {
        return ((Storage.F64) t.to(DType.FLOAT64).storage()).re.clone();
    }

    /**
     * With u zero beyond L and k zero beyond M, and every index of u taken mod n:
     * <pre>
     *   y[b,c,h,t] = Σ_j k[c,h,j] u[b,h,t − j]                       (t &lt; L)
     *   grad u[b,h,s] = Σ_c Σ_{t&lt;L} g[b,c,h,t] k[c,h,(t − s) mod n]   (s &lt; L)
     *   grad k[c,h,j] = Σ_b Σ_{t&lt;L} g[b,c,h,t] u[b,h,t − j]           (j &lt; M)
     * </pre>
     */
    private static Reference direct(double[] u, double[] k, double[] g, Dims d) {
        int n = d.n();
        int l = d.l();
        int m = d.m();
        double[] y = new double[d.b() * d.c() * d.h() * l];
        double[] gu = new double[u.length];
        double[] gk = new double[k.length];
        for (int b = 0; b < d.b(); b++) {
            for (int c = 0; c < d.c(); c++) {
                for (int h = 0; h < d.h(); h++) {
                    int uAt = (b * d.h() + h) * l;
                    int kAt = (c * d.h() + h) * m;
                    int yAt = ((b * d.c() + c) * d.h() + h) * l;
                    for (int t = 0; t < l; t++) {
                        for (int j = 0; j < m; j++) {
                            int src = Math.floorMod(t - j, n);
                            if (src < l) {
                                y[yAt + t] += k[kAt + j] * u[uAt + src];
                                gu[uAt + src] += g[yAt + t] * k[kAt + j];
                                gk[kAt + j] += g[yAt + t] * u[uAt + src];
                            }
                        }
                    }
                }
            }
        }
        return new Reference(y, gu, gk);
    }

    /** Largest |expected − actual| over the largest |expected|. */
    private static double error(double[] expected, Tensor actual) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < expected.length; i++) {
            num = Math.max(num, Math.abs(expected[i] - actual.storage().re(i)));
            den = Math.max(den, Math.abs(expected[i]));
        }
        return den == 0 ? num : num / den;
    }

    /** Runs the op forward and backward in {@code dtype} and checks all three results. */
    private static void check(Tensor u, Tensor k, Tensor g, Dims d, Reference ref, DType dtype, double tol) {
        Tensor ut = u.to(dtype).detach().requiresGrad(true);
        Tensor kt = k.to(dtype).detach().requiresGrad(true);
        Tensor y = FftConvolution.apply(ut, kt, d.n());
        assertEquals(dtype, y.dtype());
        assertArrayEquals(new int[] {d.b(), d.c(), d.h(), d.l()}, y.shape());
        y.backward(g.to(dtype));
        double ey = error(ref.y(), y);
        double eu = error(ref.gu(), ut.grad());
        double ek = error(ref.gk(), kt.grad());
        assertTrue(ey < tol, dtype + " forward: relative error " + ey);
        assertTrue(eu < tol, dtype + " grad u: relative error " + eu);
        assertTrue(ek < tol, dtype + " grad k: relative error " + ek);
    }

    /**
     * Odd batches leave the last pair of the float32 path half empty; H not a multiple of the lane
     * count leaves its last block partial; M = n reaches around the circle; n = L and n ≫ 2L too.
     */
    @ParameterizedTest(name = "B={0} C={1} H={2} L={3} M={4} n={5}")
    @CsvSource({
        "1, 1, 1, 1, 1, 2",
        "3, 1, 5, 1, 2, 2",
        "5, 1, 17, 2, 2, 4",
        "3, 2, 5, 3, 3, 8",
        "1, 1, 3, 3, 8, 8",
        "5, 1, 5, 5, 3, 8",
        "3, 1, 5, 16, 16, 16",
        "33, 2, 19, 7, 16, 16",
        "3, 1, 1, 7, 7, 1024",
        "17, 2, 1, 100, 256, 256",
        "5, 1, 17, 255, 255, 512",
        "3, 2, 33, 255, 100, 512",
        "1, 1, 16, 256, 256, 512",
        "5, 1, 5, 256, 256, 512",
        "3, 1, 5, 784, 784, 2048",
        "1, 2, 19, 784, 784, 2048",
        "5, 1, 3, 1024, 1024, 2048",
        "3, 1, 17, 1024, 512, 4096",
        "1, 1, 3, 4096, 4096, 8192",
        "3, 1, 2, 4096, 4096, 8192",
    })
    void matchesTheDirectSums(int b, int c, int h, int l, int m, int n) {
        Dims d = new Dims(b, c, h, l, m, n);
        Tensor u = randn(6, DType.FLOAT64, b, h, l);
        Tensor k = randn(7, DType.FLOAT64, c, h, m);
        Tensor g = randn(8, DType.FLOAT64, b, c, h, l);
        Reference ref = direct(values(u), values(k), values(g), d);
        check(u, k, g, d, ref, DType.FLOAT64, 1e-12);
        check(u, k, g, d, ref, DType.FLOAT32, 1e-6);
    }

    @Test
    void float32ResultsDoNotDependOnTheThreadCount() {
        Tensor u = randn(9, DType.FLOAT32, 5, 40, 300).requiresGrad(true);
        Tensor k = randn(10, DType.FLOAT32, 2, 40, 300).requiresGrad(true);
        Tensor g = randn(11, DType.FLOAT32, 5, 2, 40, 300);
        int before = Parallel.threads();
        float[][] first = null;
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                u.zeroGrad();
                k.zeroGrad();
                Tensor y = FftConvolution.apply(u, k, 1024);
                y.backward(g);
                float[][] run = {((Storage.F32) y.storage()).re, ((Storage.F32) u.grad().storage()).re,
                    ((Storage.F32) k.grad().storage()).re};
                if (first == null) {
                    first = run;
                } else {
                    for (int i = 0; i < run.length; i++) {
                        assertArrayEquals(first[i], run[i], "result " + i + " with " + threads + " threads");
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @ParameterizedTest(name = "L={0}")
    @CsvSource({"37", "512"})
    void gradientsMatchTheUnfusedOps(int l) {
        int n = 2 * Integer.highestOneBit(l) * 2;
        Tensor u = randn(3, DType.FLOAT32, 2, 3, l).requiresGrad(true);
        Tensor k = randn(4, DType.FLOAT32, 2, 3, l).requiresGrad(true);
        Tensor g = randn(5, DType.FLOAT32, 2, 2, 3, l);
        FftConvolution.apply(u, k, n).backward(g);
        Tensor gu = u.grad();
        Tensor gk = k.grad();
        u.zeroGrad();
        k.zeroGrad();
        Tensor unfused = Fft.irfft(Fft.rfft(u, n).unsqueeze(1).mul(Fft.rfft(k, n)), n).slice(-1, 0, l);
        unfused.backward(g);
        assertTrue(relativeError(u.grad(), gu) < 1e-5);
        assertTrue(relativeError(k.grad(), gk) < 1e-5);
    }

    /**
     * A NaN or infinity in one batch entry leaves every other entry's output and input gradient
     * exactly as if it were not there (the float32 path packs two entries per transform).
     */
    @ParameterizedTest(name = "{0} B={1} C={2} bad entry {3}: {4}")
    @CsvSource({
        "FLOAT32, 2, 1, 0, NaN", "FLOAT32, 2, 1, 1, Infinity", "FLOAT32, 3, 1, 1, NaN", "FLOAT32, 5, 2, 4, NaN",
        "FLOAT32, 4, 2, 2, -Infinity", "FLOAT64, 3, 1, 0, NaN", "FLOAT64, 4, 2, 3, Infinity",
    })
    void oneEntrysNonFiniteValueStaysInThatEntry(DType dtype, int b, int c, int bad, double value) {
        int h = 19;
        int l = 100;
        int n = 256;
        Tensor u = randn(11, dtype, b, h, l);
        Tensor k = randn(12, dtype, c, h, l);
        Tensor g = randn(13, dtype, b, c, h, l);
        Tensor clean = u.detach().requiresGrad(true);
        FftConvolution.apply(clean, k, n).backward(g);
        Tensor yClean = FftConvolution.apply(u, k, n);
        Tensor poisoned = new Tensor(u.storage().copy(), u.shape());
        poisoned.storage().setRe((bad * h + 7) * l + 50, value);       // one value of one row of the bad entry
        poisoned = poisoned.requiresGrad(true);
        Tensor y = FftConvolution.apply(poisoned, k, n);
        Tensor gBad = new Tensor(g.storage().copy(), g.shape());
        gBad.storage().setRe(((bad * c) * h + 3) * l + 10, value);     // and of its output gradient
        y.backward(gBad);
        // float32 packs two entries per transform, so an entry computed with another partner (or
        // alone) differs by rounding; float64 does not pack, and gives the same bits
        double tol = dtype == DType.FLOAT32 ? 1e-6 : 0;
        for (int e = 0; e < b; e++) {
            if (e == bad) {
                continue;
            }
            int[] rows = {e * c * h * l, (e + 1) * c * h * l};
            assertClose(java.util.Arrays.copyOfRange(yClean.toDoubleArray(), rows[0], rows[1]),
                    java.util.Arrays.copyOfRange(y.toDoubleArray(), rows[0], rows[1]), tol, "output of entry " + e);
            assertClose(java.util.Arrays.copyOfRange(clean.grad().toDoubleArray(), e * h * l, (e + 1) * h * l),
                    java.util.Arrays.copyOfRange(poisoned.grad().toDoubleArray(), e * h * l, (e + 1) * h * l), tol,
                    "input gradient of entry " + e);
        }
        double[] badOut = java.util.Arrays.copyOfRange(y.toDoubleArray(), bad * c * h * l, (bad + 1) * c * h * l);
        assertTrue(java.util.Arrays.stream(badOut).anyMatch(v -> !Double.isFinite(v)), "the bad entry's own output is not finite");
    }

    /** Every value finite and within {@code tol} of the largest magnitude of {@code expected}. */
    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        double scale = java.util.Arrays.stream(expected).map(Math::abs).max().orElse(0);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]) && Math.abs(actual[i] - expected[i]) <= tol * scale,
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}

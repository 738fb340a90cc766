package dev.s4j.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float32 and float64 GEMM twins ({@link GemmVectorF32}, {@link GemmVectorF64} when the
 * Vector API is there) on the same inputs, against one naive float64 product: every path — fewer
 * than four rows (read in place), full 4-row blocks, a depth beyond one packed panel, ragged
 * strips, both transposes, alpha and accumulation.
 */
class GemmTwinsTest {

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @CsvSource({"1, 7, 5, false, false", "3, 33, 300, false, false", "4, 70, 17, false, false", "5, 33, 300, true, false",
        "17, 70, 5, false, true", "9, 1, 513, true, true", "2, 40, 260, false, true"})
    void bothPrecisionsGiveTheNaiveProduct(int m, int n, int k, boolean transA, boolean transB) {
        Generator g = new Generator(m * 1000L + n * 10L + k);
        int batch = 2;
        double[] a = new double[batch * m * k];
        double[] b = new double[batch * k * n];
        double[] c0 = new double[batch * m * n];
        for (double[] x : new double[][] {a, b, c0}) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) g.nextGaussian();                          // exactly representable in both precisions
            }
        }
        for (boolean accumulate : new boolean[] {false, true}) {
            Gemm.Spec s = new Gemm.Spec(batch, m, n, k, transA, transB, 0.75, accumulate);
            Gemm.Offsets off = (t, o) -> {
                o[0] = t * m * k;
                o[1] = t * k * n;
                o[2] = t * m * n;
            };
            double[] expected = naive(s, a, b, c0);
            double[] c64 = c0.clone();
            Gemm.gemm(s, a, b, c64, off);
            float[] c32 = new float[c0.length];
            for (int i = 0; i < c0.length; i++) {
                c32[i] = (float) c0[i];
            }
            Gemm.gemm(s, narrow(a), narrow(b), c32, off);
            double worst64 = 0;
            double worst32 = 0;
            for (int i = 0; i < expected.length; i++) {
                double scale = Math.max(1, Math.abs(expected[i]));
                worst64 = Math.max(worst64, Math.abs(c64[i] - expected[i]) / scale);
                worst32 = Math.max(worst32, Math.abs(c32[i] - expected[i]) / scale);
            }
            assertTrue(worst64 < 1e-12 * Math.sqrt(k), "float64 off by " + worst64 + (accumulate ? " (accumulating)" : ""));
            assertTrue(worst32 < 2e-6 * Math.sqrt(k), "float32 off by " + worst32 + (accumulate ? " (accumulating)" : ""));
        }
    }

    /** C = alpha · op(A) · op(B) (+ C), by the definition. */
    private static double[] naive(Gemm.Spec s, double[] a, double[] b, double[] c0) {
        int m = s.m();
        int n = s.n();
        int k = s.k();
        double[] c = s.accumulate() ? c0.clone() : new double[c0.length];
        for (int t = 0; t < s.batch(); t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int q = 0; q < k; q++) {
                        double av = s.transA() ? a[t * m * k + q * m + i] : a[t * m * k + i * k + q];
                        double bv = s.transB() ? b[t * k * n + j * k + q] : b[t * k * n + q * n + j];
                        sum += av * bv;
                    }
                    c[t * m * n + i * n + j] += s.alpha() * sum;
                }
            }
        }
        return c;
    }

    private static float[] narrow(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}

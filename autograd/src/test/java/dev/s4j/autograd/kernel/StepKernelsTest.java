package dev.s4j.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The step kernels against their definitions in plain float64 loops, at row lengths with and without vector tails. */
class StepKernelsTest {
    private static final int ROWS = 3;

    private static double[] random(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest(name = "row length {0}")
    @ValueSource(ints = {1, 5, 8, 13, 32, 37})
    void complexRowKernelsFollowTheirDefinitions(int len) {
        Random r = new Random(len);
        int n = ROWS * len;
        double[] aRe = random(r, n), aIm = random(r, n), bRe = random(r, n), bIm = random(r, n);
        double[] xRe = random(r, n + 2), xIm = random(r, n + 2), u = random(r, ROWS + 1);
        double[] eRe = xRe.clone(), eIm = xIm.clone();
        for (int row = 0; row < ROWS; row++) {
            for (int k = 0; k < len; k++) {
                int p = row * len + k;
                int x = 2 + p;
                double re = aRe[p] * eRe[x] - aIm[p] * eIm[x] + bRe[p] * u[1 + row];
                double im = aRe[p] * eIm[x] + aIm[p] * eRe[x] + bIm[p] * u[1 + row];
                eRe[x] = re;
                eIm[x] = im;
            }
        }
        StepKernels.diagonalUpdate(aRe, aIm, bRe, bIm, xRe, xIm, 2, ROWS, len, u, 1);
        assertArrayEquals(eRe, xRe, 1e-12);
        assertArrayEquals(eIm, xIm, 1e-12);

        double[] real = new double[ROWS + 1];
        double[] conj = new double[ROWS + 1];
        StepKernels.realProducts(aRe, aIm, 0, xRe, xIm, 2, ROWS, len, 2, real, 1);
        StepKernels.conjugateProducts(aRe, aIm, 0, xRe, xIm, 2, ROWS, len, 2, conj, 1);
        for (int row = 0; row < ROWS; row++) {
            double sr = 0;
            double sc = 0;
            for (int k = 0; k < len; k++) {
                int p = row * len + k;
                sr += aRe[p] * xRe[2 + p] - aIm[p] * xIm[2 + p];
                sc += aRe[p] * xRe[2 + p] + aIm[p] * xIm[2 + p];
            }
            assertEquals(2 * sr, real[1 + row], 1e-12 * len);
            assertEquals(2 * sc, conj[1 + row], 1e-12 * len);
        }
        assertEquals(0, real[0]);

        double[] w = random(r, ROWS);
        double[] fRe = eRe.clone(), fIm = eIm.clone();
        for (int row = 0; row < ROWS; row++) {
            for (int k = 0; k < len; k++) {
                int p = row * len + k;
                fRe[2 + p] -= bRe[p] * w[row];
                fIm[2 + p] -= bIm[p] * w[row];
            }
        }
        StepKernels.subtractScaled(bRe, bIm, 0, w, 0, xRe, xIm, 2, ROWS, len);
        assertArrayEquals(fRe, xRe, 1e-12);
        assertArrayEquals(fIm, xIm, 1e-12);
    }

    @ParameterizedTest(name = "{0} outputs")
    @ValueSource(ints = {1, 7, 8, 33, 64, 256})
    void multiplyAddIsTheMatrixVectorProduct(int m) {
        Random r = new Random(m);
        int n = 19;
        double[] wT = random(r, n * m), x = random(r, n + 3), out = random(r, m + 1);
        double[] expected = out.clone();
        for (int j = 0; j < m; j++) {
            double s = expected[1 + j];
            for (int i = 0; i < n; i++) {
                s = Math.fma(wT[i * m + j], x[3 + i], s);
            }
            expected[1 + j] = s;
        }
        StepKernels.multiplyAdd(wT, n, m, x, 3, out, 1);
        assertArrayEquals(expected, out, 0, "each output summed in order with fused multiply-adds: the same bits");
    }
}

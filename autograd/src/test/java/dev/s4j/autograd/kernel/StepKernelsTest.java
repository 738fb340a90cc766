package dev.s4j.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The step kernels against their definitions in plain float64 loops, at row lengths with and
 * without vector tails, with float64 and float32 (compact) coefficients.
 */
class StepKernelsTest {
    private static final int ROWS = 3;

    private static double[] random(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** The values a compact store holds. */
    private static double[] stored(double[] v, boolean compact) {
        double[] s = v.clone();
        if (compact) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) s[i];
            }
        }
        return s;
    }

    @ParameterizedTest(name = "H = {0}, models [{1}, {2}), compact {3}")
    @CsvSource({"1, 0, 1, false", "5, 1, 5, false", "8, 0, 8, true", "13, 2, 11, true", "32, 0, 32, false", "37, 3, 37, true"})
    void modeMajorKernelsFollowTheirDefinitions(int width, int h0, int h1, boolean compact) {
        Random r = new Random(width);
        int modes = 3;
        int n = modes * width;
        double[] aRe = random(r, n), aIm = random(r, n), bRe = random(r, n), bIm = random(r, n);
        ComplexRows a = ComplexRows.of(aRe, aIm, compact);
        ComplexRows b = ComplexRows.of(bRe, bIm, compact);
        aRe = stored(aRe, compact);
        aIm = stored(aIm, compact);
        bRe = stored(bRe, compact);
        bIm = stored(bIm, compact);
        double[] xRe = random(r, n + 2), xIm = random(r, n + 2), u = random(r, width + 1);
        double[] eRe = xRe.clone(), eIm = xIm.clone();
        for (int k = 0; k < modes; k++) {
            for (int h = h0; h < h1; h++) {
                int p = k * width + h;
                int x = 2 + p;
                double re = aRe[p] * eRe[x] - aIm[p] * eIm[x] + bRe[p] * u[1 + h];
                double im = aRe[p] * eIm[x] + aIm[p] * eRe[x] + bIm[p] * u[1 + h];
                eRe[x] = re;
                eIm[x] = im;
            }
        }
        StepKernels.diagonalUpdate(a, b, xRe, xIm, 2, modes, width, h0, h1, u, 1);
        assertArrayEquals(eRe, xRe, 1e-12, "only the models in [h0, h1) change");
        assertArrayEquals(eIm, xIm, 1e-12);

        double[] real = new double[width + 1];
        double[] conj = new double[width + 1];
        java.util.Arrays.fill(real, 0.5);
        StepKernels.accumulateProducts(a, 0, false, xRe, xIm, 2, modes, width, h0, h1, real, 1);
        StepKernels.accumulateProducts(a, 0, true, xRe, xIm, 2, modes, width, h0, h1, conj, 1);
        for (int h = 0; h < width; h++) {
            double sr = 0.5;
            double sc = 0;
            if (h >= h0 && h < h1) {
                for (int k = 0; k < modes; k++) {
                    int p = k * width + h;
                    sr += aRe[p] * xRe[2 + p] - aIm[p] * xIm[2 + p];
                    sc += aRe[p] * xRe[2 + p] + aIm[p] * xIm[2 + p];
                }
            }
            assertEquals(sr, real[1 + h], 1e-12);
            assertEquals(sc, conj[1 + h], 1e-12);
        }
        assertEquals(0.5, real[0]);

        double[] w = random(r, width);
        double[] fRe = eRe.clone(), fIm = eIm.clone();
        for (int k = 0; k < modes; k++) {
            for (int h = h0; h < h1; h++) {
                int p = k * width + h;
                fRe[2 + p] -= bRe[p] * w[h];
                fIm[2 + p] -= bIm[p] * w[h];
            }
        }
        StepKernels.subtractScaled(b, 0, xRe, xIm, 2, modes, width, h0, h1, w, 0);
        assertArrayEquals(fRe, xRe, 1e-12);
        assertArrayEquals(fIm, xIm, 1e-12);
    }

    /** The vector path and the plain loops are twins: each lane does its model's arithmetic in the same order. */
    @ParameterizedTest(name = "compact {0}")
    @CsvSource({"false", "true"})
    void vectorAndScalarPathsGiveTheSameBits(boolean compact) {
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.available());
        Random r = new Random(3);
        int width = 37;
        double[] cRe = random(r, width), cIm = random(r, width), dRe = random(r, width), dIm = random(r, width);
        float[] cRe32 = ComplexRows.narrow(cRe), cIm32 = ComplexRows.narrow(cIm), dRe32 = ComplexRows.narrow(dRe);
        float[] dIm32 = ComplexRows.narrow(dIm);
        double[] u = random(r, width);
        double[][] x = {random(r, width), random(r, width)};
        double[][] y = {x[0].clone(), x[1].clone()};
        double[] sumsV = new double[width];
        double[] sumsS = new double[width];
        if (compact) {
            StepVector.diagonalUpdate(cRe32, cIm32, dRe32, dIm32, 0, x[0], x[1], 0, 0, width, u, 0);
            StepScalar.diagonalUpdate(cRe32, cIm32, dRe32, dIm32, 0, y[0], y[1], 0, 0, width, u, 0);
            StepVector.accumulate(cRe32, cIm32, 0, true, x[0], x[1], 0, 0, width, sumsV, 0);
            StepScalar.accumulate(cRe32, cIm32, 0, true, y[0], y[1], 0, 0, width, sumsS, 0);
            StepVector.subtractScaled(dRe32, dIm32, 0, x[0], x[1], 0, 0, width, u, 0);
            StepScalar.subtractScaled(dRe32, dIm32, 0, y[0], y[1], 0, 0, width, u, 0);
        } else {
            StepVector.diagonalUpdate(cRe, cIm, dRe, dIm, 0, x[0], x[1], 0, 0, width, u, 0);
            StepScalar.diagonalUpdate(cRe, cIm, dRe, dIm, 0, y[0], y[1], 0, 0, width, u, 0);
            StepVector.accumulate(cRe, cIm, 0, false, x[0], x[1], 0, 0, width, sumsV, 0);
            StepScalar.accumulate(cRe, cIm, 0, false, y[0], y[1], 0, 0, width, sumsS, 0);
            StepVector.subtractScaled(dRe, dIm, 0, x[0], x[1], 0, 0, width, u, 0);
            StepScalar.subtractScaled(dRe, dIm, 0, y[0], y[1], 0, 0, width, u, 0);
        }
        assertArrayEquals(y[0], x[0], 0);
        assertArrayEquals(y[1], x[1], 0);
        assertArrayEquals(sumsS, sumsV, 0);
    }

    @ParameterizedTest(name = "{0} outputs, compact {1}")
    @CsvSource({"1, false", "7, true", "8, false", "33, true", "64, false", "256, true"})
    void multiplyAddIsTheMatrixVectorProduct(int m, boolean compact) {
        Random r = new Random(m);
        int n = 19;
        double[] w = random(r, m * n), x = random(r, n + 3), out = random(r, m + 1);
        StepMatrix matrix = StepMatrix.of(w, m, n, compact);
        w = stored(w, compact);
        double[] expected = out.clone();
        for (int j = 0; j < m; j++) {
            double s = expected[1 + j];
            for (int i = 0; i < n; i++) {
                s = Math.fma(w[j * n + i], x[3 + i], s);
            }
            expected[1 + j] = s;
        }
        matrix.multiplyAdd(x, 3, out, 1);
        assertArrayEquals(expected, out, 0, "each output summed in order with fused multiply-adds: the same bits");
    }
}

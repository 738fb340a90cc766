package dev.s4j.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The step kernels against their definitions in plain float64 loops, at widths with and without
 * vector tails, on float64 and float32 states; and the vector path against the plain loops, bit
 * for bit.
 */
class StepKernelsTest {
    private static final int MODES = 3;

    private static double[] random(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    private static double[] rounded(double[] v, boolean single) {
        double[] s = v.clone();
        if (single) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) s[i];
            }
        }
        return s;
    }

    private static float[] floats(double[] v) {
        return ComplexRows.narrow(v);
    }

    private static double[] doubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** The kernels on a state of either precision, as float64 arrays in and out. */
    private record Run(boolean single, double[] xRe, double[] xIm) {
        void update(ComplexRows a, ComplexRows b, int width, int h0, int h1, double[] u) {
            if (single) {
                float[] re = floats(xRe), im = floats(xIm);
                StepKernels.diagonalUpdate(a, b, re, im, 2, MODES, width, h0, h1, floats(u), 1);
                copy(re, im);
            } else {
                StepKernels.diagonalUpdate(a, b, xRe, xIm, 2, MODES, width, h0, h1, u, 1);
            }
        }

        double[] products(ComplexRows c, boolean conjugate, int width, int h0, int h1, double start) {
            double[] out = new double[width + 1];
            java.util.Arrays.fill(out, start);
            if (single) {
                float[] o = floats(out);
                StepKernels.accumulateProducts(c, 0, conjugate, floats(xRe), floats(xIm), 2, MODES, width, h0, h1, o, 1);
                return doubles(o);
            }
            StepKernels.accumulateProducts(c, 0, conjugate, xRe, xIm, 2, MODES, width, h0, h1, out, 1);
            return out;
        }

        void subtract(ComplexRows f, int width, int h0, int h1, double[] w) {
            if (single) {
                float[] re = floats(xRe), im = floats(xIm);
                StepKernels.subtractScaled(f, 0, re, im, 2, MODES, width, h0, h1, floats(w), 0);
                copy(re, im);
            } else {
                StepKernels.subtractScaled(f, 0, xRe, xIm, 2, MODES, width, h0, h1, w, 0);
            }
        }

        private void copy(float[] re, float[] im) {
            System.arraycopy(doubles(re), 0, xRe, 0, re.length);
            System.arraycopy(doubles(im), 0, xIm, 0, im.length);
        }
    }

    @ParameterizedTest(name = "H = {0}, models [{1}, {2}), float32 {3}")
    @CsvSource({"1, 0, 1, false", "5, 1, 5, false", "8, 0, 8, true", "13, 2, 11, true", "32, 0, 32, false", "37, 3, 37, true"})
    void modeMajorKernelsFollowTheirDefinitions(int width, int h0, int h1, boolean single) {
        Random r = new Random(width);
        int n = MODES * width;
        double tol = single ? 1e-5 : 1e-12;
        double[] aRe = random(r, n), aIm = random(r, n), bRe = random(r, n), bIm = random(r, n);
        ComplexRows a = ComplexRows.of(aRe, aIm, MODES, width, single);
        ComplexRows b = ComplexRows.of(bRe, bIm, MODES, width, single);
        aRe = rounded(aRe, single);
        aIm = rounded(aIm, single);
        bRe = rounded(bRe, single);
        bIm = rounded(bIm, single);
        Run run = new Run(single, rounded(random(r, n + 2), single), rounded(random(r, n + 2), single));
        double[] u = rounded(random(r, width + 1), single);
        double[] eRe = run.xRe().clone(), eIm = run.xIm().clone();
        for (int k = 0; k < MODES; k++) {
            for (int h = h0; h < h1; h++) {
                int p = k * width + h;
                int x = 2 + p;
                double re = aRe[p] * eRe[x] - aIm[p] * eIm[x] + bRe[p] * u[1 + h];
                double im = aRe[p] * eIm[x] + aIm[p] * eRe[x] + bIm[p] * u[1 + h];
                eRe[x] = re;
                eIm[x] = im;
            }
        }
        run.update(a, b, width, h0, h1, u);
        assertArrayEquals(eRe, run.xRe(), tol * 10, "only the models in [h0, h1) change");
        assertArrayEquals(eIm, run.xIm(), tol * 10);

        double[] real = run.products(a, false, width, h0, h1, 0.5);
        double[] conj = run.products(a, true, width, h0, h1, 0);
        double[] xRe = run.xRe(), xIm = run.xIm();
        for (int h = 0; h < width; h++) {
            double sr = 0.5;
            double sc = 0;
            if (h >= h0 && h < h1) {
                for (int k = 0; k < MODES; k++) {
                    int p = k * width + h;
                    sr += aRe[p] * xRe[2 + p] - aIm[p] * xIm[2 + p];
                    sc += aRe[p] * xRe[2 + p] + aIm[p] * xIm[2 + p];
                }
            }
            assertEquals(sr, real[1 + h], tol * 10);
            assertEquals(sc, conj[1 + h], tol * 10);
        }
        assertEquals(0.5, real[0]);

        double[] w = rounded(random(r, width), single);
        double[] fRe = xRe.clone(), fIm = xIm.clone();
        for (int k = 0; k < MODES; k++) {
            for (int h = h0; h < h1; h++) {
                int p = k * width + h;
                fRe[2 + p] -= bRe[p] * w[h];
                fIm[2 + p] -= bIm[p] * w[h];
            }
        }
        run.subtract(b, width, h0, h1, w);
        assertArrayEquals(fRe, run.xRe(), tol * 10);
        assertArrayEquals(fIm, run.xIm(), tol * 10);
    }

    /** The vector path and the plain loops are twins: each lane does its model's arithmetic in the same order. */
    @ParameterizedTest(name = "float32 {0}")
    @CsvSource({"false", "true"})
    void vectorAndScalarPathsGiveTheSameBits(boolean single) {
        Assumptions.assumeTrue(VectorSupport.available());
        Random r = new Random(3);
        int width = 37;
        double[] cRe = random(r, width), cIm = random(r, width), dRe = random(r, width), dIm = random(r, width);
        double[] u = random(r, width);
        double[][] x = {random(r, width), random(r, width)};
        if (single) {
            float[][] v = {floats(x[0]), floats(x[1])};
            float[][] s = {floats(x[0]), floats(x[1])};
            float[] sumsV = new float[width];
            float[] sumsS = new float[width];
            StepVector.diagonalUpdate(floats(cRe), floats(cIm), floats(dRe), floats(dIm), 0, width, v[0], v[1], 0, 1, width, 0, width,
                    floats(u), 0);
            StepScalar.diagonalUpdate(floats(cRe), floats(cIm), floats(dRe), floats(dIm), 0, width, s[0], s[1], 0, 1, width, 0, width,
                    floats(u), 0);
            StepVector.accumulate(floats(cRe), floats(cIm), 0, width, true, v[0], v[1], 0, 1, width, 0, width, sumsV, 0);
            StepScalar.accumulate(floats(cRe), floats(cIm), 0, width, true, s[0], s[1], 0, 1, width, 0, width, sumsS, 0);
            StepVector.subtractScaled(floats(dRe), floats(dIm), 0, width, v[0], v[1], 0, 1, width, 0, width, floats(u), 0);
            StepScalar.subtractScaled(floats(dRe), floats(dIm), 0, width, s[0], s[1], 0, 1, width, 0, width, floats(u), 0);
            assertArrayEquals(s[0], v[0], 0);
            assertArrayEquals(s[1], v[1], 0);
            assertArrayEquals(sumsS, sumsV, 0);
        } else {
            double[][] y = {x[0].clone(), x[1].clone()};
            double[] sumsV = new double[width];
            double[] sumsS = new double[width];
            StepVector.diagonalUpdate(cRe, cIm, dRe, dIm, 0, width, x[0], x[1], 0, 1, width, 0, width, u, 0);
            StepScalar.diagonalUpdate(cRe, cIm, dRe, dIm, 0, width, y[0], y[1], 0, 1, width, 0, width, u, 0);
            StepVector.accumulate(cRe, cIm, 0, width, false, x[0], x[1], 0, 1, width, 0, width, sumsV, 0);
            StepScalar.accumulate(cRe, cIm, 0, width, false, y[0], y[1], 0, 1, width, 0, width, sumsS, 0);
            StepVector.subtractScaled(dRe, dIm, 0, width, x[0], x[1], 0, 1, width, 0, width, u, 0);
            StepScalar.subtractScaled(dRe, dIm, 0, width, y[0], y[1], 0, 1, width, 0, width, u, 0);
            assertArrayEquals(y[0], x[0], 0);
            assertArrayEquals(y[1], x[1], 0);
            assertArrayEquals(sumsS, sumsV, 0);
        }
    }

    /** Two sequences stepped as a pair give each the bits of stepping it alone, over full, partial and last tiles. */
    @Test
    void aPairStepsEachSequenceAsAlone() {
        Random r = new Random(17);
        int width = 37;
        int h0 = 3;
        int n = MODES * width;
        ComplexRows[] rows = new ComplexRows[6];                    // e, g, f, p, q, c
        for (int i = 0; i < rows.length; i++) {
            rows[i] = ComplexRows.of(random(r, n), random(r, n), MODES, width, true);
        }
        float[] xRe = floats(random(r, 2 * n + 1)), xIm = floats(random(r, 2 * n + 1));
        float[] u = floats(random(r, 2 * width)), sigma = floats(random(r, 2 * width));
        float[] aRe = xRe.clone(), aIm = xIm.clone(), alone = new float[6 * width];
        StepKernels.lowRankStep(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], aRe, aIm, 1, MODES, width, h0, width, u, 0, sigma, 0,
                alone, 0, width, 2 * width);
        StepKernels.lowRankStep(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], aRe, aIm, 1 + n, MODES, width, h0, width, u, width,
                sigma, width, alone, 3 * width, 4 * width, 5 * width);
        float[] pRe = xRe.clone(), pIm = xIm.clone(), pair = new float[6 * width];
        StepKernels.lowRankStepPair(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], pRe, pIm, 1, 1 + n, MODES, width, h0, width, u,
                0, width, sigma, 0, width, pair, 0, 3 * width);
        assertArrayEquals(aRe, pRe, 0);
        assertArrayEquals(aIm, pIm, 0);
        assertArrayEquals(alone, pair, 0);
    }

    /**
     * The fused diagonal step gives the bits of the update followed by the sum into a zero, on the
     * vector path and in plain loops, over tiles of which the last is partial (H = 37 = 16 + 16 + 5).
     */
    @ParameterizedTest(name = "float32 {0}")
    @CsvSource({"false", "true"})
    void theFusedDiagonalStepIsTheUpdateThenTheSum(boolean single) {
        Random r = new Random(13);
        int width = 37;
        int h0 = 3;
        int n = MODES * width;
        ComplexRows a = ComplexRows.of(random(r, n), random(r, n), MODES, width, single);
        ComplexRows b = ComplexRows.of(random(r, n), random(r, n), MODES, width, single);
        ComplexRows c = ComplexRows.of(random(r, n), random(r, n), MODES, width, single);
        double[] xRe = random(r, n + 2), xIm = random(r, n + 2), u = random(r, width + 1);
        if (single) {
            float[] fRe = floats(xRe), fIm = floats(xIm), gRe = floats(xRe), gIm = floats(xIm), pRe = floats(xRe), pIm = floats(xIm);
            float[] fused = new float[width + 1], apart = new float[width + 1], plain = new float[width + 1];
            StepKernels.diagonalStep(a, b, c, fRe, fIm, 2, MODES, width, h0, width, floats(u), 1, fused, 1);
            StepKernels.diagonalUpdate(a, b, gRe, gIm, 2, MODES, width, h0, width, floats(u), 1);
            StepKernels.accumulateProducts(c, 0, false, gRe, gIm, 2, MODES, width, h0, width, apart, 1);
            for (int ts = ComplexRows.tileStart(h0); ts < width; ts += ComplexRows.TILE) {
                StepScalar.diagonalStep(a.re32, a.im32, b.re32, b.im32, c.re32, c.im32, a.offset(0, ts), a.tileWidth(ts), pRe, pIm, 2,
                        MODES, width, Math.max(h0, ts), Math.min(width, ts + ComplexRows.TILE), floats(u), 1, plain, 1);
            }
            assertArrayEquals(gRe, fRe, 0);
            assertArrayEquals(gIm, fIm, 0);
            assertArrayEquals(apart, fused, 0);
            assertArrayEquals(fRe, pRe, 0);
            assertArrayEquals(fused, plain, 0);
        } else {
            double[] fRe = xRe.clone(), fIm = xIm.clone(), gRe = xRe.clone(), gIm = xIm.clone(), pRe = xRe.clone(), pIm = xIm.clone();
            double[] fused = new double[width + 1], apart = new double[width + 1], plain = new double[width + 1];
            StepKernels.diagonalStep(a, b, c, fRe, fIm, 2, MODES, width, h0, width, u, 1, fused, 1);
            StepKernels.diagonalUpdate(a, b, gRe, gIm, 2, MODES, width, h0, width, u, 1);
            StepKernels.accumulateProducts(c, 0, false, gRe, gIm, 2, MODES, width, h0, width, apart, 1);
            for (int ts = ComplexRows.tileStart(h0); ts < width; ts += ComplexRows.TILE) {
                StepScalar.diagonalStep(a.re, a.im, b.re, b.im, c.re, c.im, a.offset(0, ts), a.tileWidth(ts), pRe, pIm, 2, MODES, width,
                        Math.max(h0, ts), Math.min(width, ts + ComplexRows.TILE), u, 1, plain, 1);
            }
            assertArrayEquals(gRe, fRe, 0);
            assertArrayEquals(gIm, fIm, 0);
            assertArrayEquals(apart, fused, 0);
            assertArrayEquals(fRe, pRe, 0);
            assertArrayEquals(fused, plain, 0);
        }
    }

    /**
     * The fused S4 step pass gives the bits of the update followed by the three sums, on the
     * vector path and in plain loops, with a partial vector at the end of [h0, h1).
     */
    @ParameterizedTest(name = "float32 {0}")
    @CsvSource({"false", "true"})
    void theFusedStepIsTheUpdateThenTheSums(boolean single) {
        Random r = new Random(11);
        int width = 37;
        int h0 = 3;
        int n = MODES * width;
        ComplexRows[] rows = new ComplexRows[6];                    // e, g, f, p, q, c
        for (int i = 0; i < rows.length; i++) {
            rows[i] = ComplexRows.of(random(r, n), random(r, n), MODES, width, single);
        }
        double[] xRe = random(r, n + 2), xIm = random(r, n + 2), u = random(r, width + 1), sigma = random(r, width);
        if (single) {
            float[] aRe = floats(xRe), aIm = floats(xIm), bRe = floats(xRe), bIm = floats(xIm);
            float[] fused = new float[3 * width];
            float[] apart = new float[3 * width];
            StepKernels.lowRankStep(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], aRe, aIm, 2, MODES, width, h0, width,
                    floats(u), 1, floats(sigma), 0, fused, 0, width, 2 * width);
            StepKernels.lowRankUpdate(rows[0], rows[1], rows[2], bRe, bIm, 2, MODES, width, h0, width, floats(u), 1, floats(sigma), 0);
            StepKernels.lowRankProducts(rows[3], rows[4], rows[5], bRe, bIm, 2, MODES, width, h0, width, apart, 0, width, 2 * width);
            assertArrayEquals(bRe, aRe, 0);
            assertArrayEquals(bIm, aIm, 0);
            assertArrayEquals(apart, fused, 0);
            float[] sRe = floats(xRe), sIm = floats(xIm), plain = new float[3 * width];
            for (int ts = ComplexRows.tileStart(h0); ts < width; ts += ComplexRows.TILE) {   // tile by tile, as the kernels are called
                StepScalar.lowRankStep(rows[0].re32, rows[0].im32, rows[1].re32, rows[1].im32, rows[2].re32, rows[2].im32, rows[3].re32,
                        rows[3].im32, rows[4].re32, rows[4].im32, rows[5].re32, rows[5].im32, sRe, sIm, rows[0].offset(0, ts),
                        rows[0].tileWidth(ts), 2, MODES, width, Math.max(h0, ts), Math.min(width, ts + ComplexRows.TILE),
                        floats(u), 1, floats(sigma), 0, plain, 0, width, 2 * width);
            }
            assertArrayEquals(aRe, sRe, 0);
            assertArrayEquals(fused, plain, 0);
        } else {
            double[] aRe = xRe.clone(), aIm = xIm.clone(), bRe = xRe.clone(), bIm = xIm.clone();
            double[] fused = new double[3 * width];
            double[] apart = new double[3 * width];
            StepKernels.lowRankStep(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], aRe, aIm, 2, MODES, width, h0, width, u, 1,
                    sigma, 0, fused, 0, width, 2 * width);
            StepKernels.lowRankUpdate(rows[0], rows[1], rows[2], bRe, bIm, 2, MODES, width, h0, width, u, 1, sigma, 0);
            StepKernels.lowRankProducts(rows[3], rows[4], rows[5], bRe, bIm, 2, MODES, width, h0, width, apart, 0, width, 2 * width);
            assertArrayEquals(bRe, aRe, 0);
            assertArrayEquals(bIm, aIm, 0);
            assertArrayEquals(apart, fused, 0);
            double[] sRe = xRe.clone(), sIm = xIm.clone(), plain = new double[3 * width];
            for (int ts = ComplexRows.tileStart(h0); ts < width; ts += ComplexRows.TILE) {
                StepScalar.lowRankStep(rows[0].re, rows[0].im, rows[1].re, rows[1].im, rows[2].re, rows[2].im, rows[3].re, rows[3].im,
                        rows[4].re, rows[4].im, rows[5].re, rows[5].im, sRe, sIm, rows[0].offset(0, ts), rows[0].tileWidth(ts), 2, MODES,
                        width, Math.max(h0, ts), Math.min(width, ts + ComplexRows.TILE), u, 1, sigma, 0, plain, 0, width, 2 * width);
            }
            assertArrayEquals(aRe, sRe, 0);
            assertArrayEquals(fused, plain, 0);
        }
    }

    @ParameterizedTest(name = "{0} outputs, {1} rows, float32 {2}")
    @CsvSource({"1, 1, false", "7, 2, true", "8, 1, false", "33, 5, true", "64, 4, false", "256, 9, true", "40, 4, true"})
    void multiplyAddIsTheMatrixProduct(int m, int rows, boolean single) {
        Random r = new Random(m);
        int n = 19;
        double[] w = random(r, m * n), x = random(r, 3 + rows * n), out = random(r, 1 + rows * m);
        StepMatrix matrix = StepMatrix.of(w, m, n, single);
        double[] expected = out.clone();
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < m; j++) {
                int o = 1 + row * m + j;
                if (single) {
                    float s = 0;
                    for (int i = 0; i < n; i++) {
                        s = Math.fma((float) w[j * n + i], (float) x[3 + row * n + i], s);
                    }
                    expected[o] += s;
                } else {
                    double s = expected[o];
                    for (int i = 0; i < n; i++) {
                        s = Math.fma(w[j * n + i], x[3 + row * n + i], s);
                    }
                    expected[o] = s;
                }
            }
        }
        matrix.multiplyAdd(x, 3, rows, out, 1, new float[matrix.workSize(rows)]);
        assertArrayEquals(expected, out, 0, "each output summed in order with fused multiply-adds: the same bits");
    }

    @ParameterizedTest(name = "H = {0}, float32 {1}")
    @CsvSource({"5, false", "16, true", "37, true", "40, false"})
    void aRunThroughAChunkEqualsStepByStep(int width, boolean single) {
        Random r = new Random(width);
        int n = MODES * width;
        int length = 9;
        ComplexRows a = ComplexRows.of(random(r, n), random(r, n), MODES, width, single);
        ComplexRows b = ComplexRows.of(random(r, n), random(r, n), MODES, width, single);
        ComplexRows c = ComplexRows.of(random(r, n), random(r, n), MODES, width, single);
        double[] x0Re = rounded(random(r, n), single), x0Im = rounded(random(r, n), single);
        double[] u = rounded(random(r, length * width), single);
        double[] stepRe = x0Re.clone(), stepIm = x0Im.clone();
        double[] stepY = new double[length * width];
        double[] runY;
        double[] runRe;
        double[] runIm;
        if (single) {
            float[] re = floats(stepRe), im = floats(stepIm), y = new float[width];
            for (int t = 0; t < length; t++) {
                StepKernels.diagonalUpdate(a, b, re, im, 0, MODES, width, 0, width, floats(java.util.Arrays.copyOfRange(u, t * width,
                        (t + 1) * width)), 0);
                java.util.Arrays.fill(y, 0);
                StepKernels.accumulateProducts(c, 0, false, re, im, 0, MODES, width, 0, width, y, 0);
                System.arraycopy(doubles(y), 0, stepY, t * width, width);
            }
            stepRe = doubles(re);
            stepIm = doubles(im);
            float[] rr = floats(x0Re), ri = floats(x0Im), yy = new float[length * width];
            StepKernels.diagonalRun(a, b, c, rr, ri, 0, MODES, width, floats(u), length, yy);
            runRe = doubles(rr);
            runIm = doubles(ri);
            runY = doubles(yy);
        } else {
            double[] y = new double[width];
            for (int t = 0; t < length; t++) {
                StepKernels.diagonalUpdate(a, b, stepRe, stepIm, 0, MODES, width, 0, width, java.util.Arrays.copyOfRange(u, t * width,
                        (t + 1) * width), 0);
                java.util.Arrays.fill(y, 0);
                StepKernels.accumulateProducts(c, 0, false, stepRe, stepIm, 0, MODES, width, 0, width, y, 0);
                System.arraycopy(y, 0, stepY, t * width, width);
            }
            runRe = x0Re.clone();
            runIm = x0Im.clone();
            runY = new double[length * width];
            StepKernels.diagonalRun(a, b, c, runRe, runIm, 0, MODES, width, u, length, runY);
        }
        assertArrayEquals(stepRe, runRe, 0, "the same state updates");
        assertArrayEquals(stepIm, runIm, 0);
        double tol = single ? 1e-3 : 1e-9;                              // the output sums run in another order
        for (int i = 0; i < stepY.length; i++) {
            assertEquals(stepY[i], runY[i], tol * (1 + Math.abs(stepY[i])), "output " + i);
        }
    }
}

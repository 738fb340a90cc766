package dev.s4j.autograd.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StepKernels} on the Vector API, one model per lane (W per float64 vector, FW per float32
 * one): every lane computes exactly what {@link StepScalar} computes for its model (the same fused
 * multiply–adds in the same order), so both paths give the same bits. The S4 (low-rank) step
 * kernels are in {@link LowRankVector}.
 */
final class StepVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FW = FS.length();

    private StepVector() {
    }

    /** W float32 values from {@code a[at]} as float64 lanes. */
    static void diagonalUpdate(double[] aRe, double[] aIm, double[] bRe, double[] bIm, int p0, int cw, double[] xRe, double[] xIm, int x0,
                               int modes, int width, int h0, int h1, double[] u, int u0) {
        for (int n = 0; n < modes; n++) {
            int p = p0 + n * cw;
            int x = x0 + n * width;
            int h = h0;
            for (; h + W <= h1; h += W) {
                DoubleVector ar = DoubleVector.fromArray(S, aRe, p + h);
                DoubleVector ai = DoubleVector.fromArray(S, aIm, p + h);
                DoubleVector uh = DoubleVector.fromArray(S, u, u0 + h);
                DoubleVector r = DoubleVector.fromArray(S, xRe, x + h);
                DoubleVector i = DoubleVector.fromArray(S, xIm, x + h);
                ar.fma(r, ai.neg().fma(i, DoubleVector.fromArray(S, bRe, p + h).mul(uh))).intoArray(xRe, x + h);
                ar.fma(i, ai.fma(r, DoubleVector.fromArray(S, bIm, p + h).mul(uh))).intoArray(xIm, x + h);
            }
            StepScalar.diagonalUpdate(aRe, aIm, bRe, bIm, p, cw, xRe, xIm, x, 1, 0, h, h1, u, u0);
        }
    }

    static void accumulate(double[] cRe, double[] cIm, int p0, int cw, boolean conjugate, double[] xRe, double[] xIm, int x0, int modes,
                           int width, int h0, int h1, double[] out, int o0) {
        int h = h0;
        for (; h + 4 * W <= h1; h += 4 * W) {
            DoubleVector r0 = DoubleVector.zero(S);
            DoubleVector r1 = r0;
            DoubleVector r2 = r0;
            DoubleVector r3 = r0;
            DoubleVector i0 = r0;
            DoubleVector i1 = r0;
            DoubleVector i2 = r0;
            DoubleVector i3 = r0;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int x = x0 + n * width + h;
                r0 = DoubleVector.fromArray(S, cRe, p).fma(DoubleVector.fromArray(S, xRe, x), r0);
                r1 = DoubleVector.fromArray(S, cRe, p + W).fma(DoubleVector.fromArray(S, xRe, x + W), r1);
                r2 = DoubleVector.fromArray(S, cRe, p + 2 * W).fma(DoubleVector.fromArray(S, xRe, x + 2 * W), r2);
                r3 = DoubleVector.fromArray(S, cRe, p + 3 * W).fma(DoubleVector.fromArray(S, xRe, x + 3 * W), r3);
                i0 = DoubleVector.fromArray(S, cIm, p).fma(DoubleVector.fromArray(S, xIm, x), i0);
                i1 = DoubleVector.fromArray(S, cIm, p + W).fma(DoubleVector.fromArray(S, xIm, x + W), i1);
                i2 = DoubleVector.fromArray(S, cIm, p + 2 * W).fma(DoubleVector.fromArray(S, xIm, x + 2 * W), i2);
                i3 = DoubleVector.fromArray(S, cIm, p + 3 * W).fma(DoubleVector.fromArray(S, xIm, x + 3 * W), i3);
            }
            int o = o0 + h;
            DoubleVector.fromArray(S, out, o).add(conjugate ? r0.add(i0) : r0.sub(i0)).intoArray(out, o);
            DoubleVector.fromArray(S, out, o + W).add(conjugate ? r1.add(i1) : r1.sub(i1)).intoArray(out, o + W);
            DoubleVector.fromArray(S, out, o + 2 * W).add(conjugate ? r2.add(i2) : r2.sub(i2)).intoArray(out, o + 2 * W);
            DoubleVector.fromArray(S, out, o + 3 * W).add(conjugate ? r3.add(i3) : r3.sub(i3)).intoArray(out, o + 3 * W);
        }
        for (; h + W <= h1; h += W) {
            DoubleVector r = DoubleVector.zero(S);
            DoubleVector i = r;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int x = x0 + n * width + h;
                r = DoubleVector.fromArray(S, cRe, p).fma(DoubleVector.fromArray(S, xRe, x), r);
                i = DoubleVector.fromArray(S, cIm, p).fma(DoubleVector.fromArray(S, xIm, x), i);
            }
            DoubleVector.fromArray(S, out, o0 + h).add(conjugate ? r.add(i) : r.sub(i)).intoArray(out, o0 + h);
        }
        StepScalar.accumulate(cRe, cIm, p0, cw, conjugate, xRe, xIm, x0, modes, width, h, h1, out, o0);
    }

    static void subtractScaled(double[] fRe, double[] fIm, int p0, int cw, double[] xRe, double[] xIm, int x0, int modes, int width,
                               int h0, int h1, double[] w, int w0) {
        for (int n = 0; n < modes; n++) {
            int p = p0 + n * cw;
            int x = x0 + n * width;
            int h = h0;
            for (; h + W <= h1; h += W) {
                DoubleVector minus = DoubleVector.fromArray(S, w, w0 + h).neg();
                DoubleVector.fromArray(S, fRe, p + h).fma(minus, DoubleVector.fromArray(S, xRe, x + h)).intoArray(xRe, x + h);
                DoubleVector.fromArray(S, fIm, p + h).fma(minus, DoubleVector.fromArray(S, xIm, x + h)).intoArray(xIm, x + h);
            }
            StepScalar.subtractScaled(fRe, fIm, p, cw, xRe, xIm, x, 1, 0, h, h1, w, w0);
        }
    }

    /** Blocks of four vectors of outputs, each accumulated over all of i before it is stored. */
    static void multiplyAdd(double[] wT, int n, int m, double[] x, int x0, double[] out, int o0) {
        int j = 0;
        for (; j + 4 * W <= m; j += 4 * W) {
            DoubleVector a0 = DoubleVector.fromArray(S, out, o0 + j);
            DoubleVector a1 = DoubleVector.fromArray(S, out, o0 + j + W);
            DoubleVector a2 = DoubleVector.fromArray(S, out, o0 + j + 2 * W);
            DoubleVector a3 = DoubleVector.fromArray(S, out, o0 + j + 3 * W);
            for (int i = 0; i < n; i++) {
                DoubleVector xi = DoubleVector.broadcast(S, x[x0 + i]);
                int w = i * m + j;
                a0 = DoubleVector.fromArray(S, wT, w).fma(xi, a0);
                a1 = DoubleVector.fromArray(S, wT, w + W).fma(xi, a1);
                a2 = DoubleVector.fromArray(S, wT, w + 2 * W).fma(xi, a2);
                a3 = DoubleVector.fromArray(S, wT, w + 3 * W).fma(xi, a3);
            }
            a0.intoArray(out, o0 + j);
            a1.intoArray(out, o0 + j + W);
            a2.intoArray(out, o0 + j + 2 * W);
            a3.intoArray(out, o0 + j + 3 * W);
        }
        for (; j + W <= m; j += W) {
            DoubleVector a = DoubleVector.fromArray(S, out, o0 + j);
            for (int i = 0; i < n; i++) {
                a = DoubleVector.fromArray(S, wT, i * m + j).fma(DoubleVector.broadcast(S, x[x0 + i]), a);
            }
            a.intoArray(out, o0 + j);
        }
        StepScalar.multiplyAdd(wT, n, m, x, x0, out, o0, j);
    }

    // float32 state, float32 coefficients, float32 arithmetic, FW models per vector

    static void diagonalUpdate(float[] aRe, float[] aIm, float[] bRe, float[] bIm, int p0, int cw, float[] xRe, float[] xIm, int x0,
                               int modes, int width, int h0, int h1, float[] u, int u0) {
        for (int n = 0; n < modes; n++) {
            int p = p0 + n * cw;
            int x = x0 + n * width;
            int h = h0;
            for (; h + FW <= h1; h += FW) {
                FloatVector ar = FloatVector.fromArray(FS, aRe, p + h);
                FloatVector ai = FloatVector.fromArray(FS, aIm, p + h);
                FloatVector uh = FloatVector.fromArray(FS, u, u0 + h);
                FloatVector r = FloatVector.fromArray(FS, xRe, x + h);
                FloatVector i = FloatVector.fromArray(FS, xIm, x + h);
                ar.fma(r, ai.neg().fma(i, FloatVector.fromArray(FS, bRe, p + h).mul(uh))).intoArray(xRe, x + h);
                ar.fma(i, ai.fma(r, FloatVector.fromArray(FS, bIm, p + h).mul(uh))).intoArray(xIm, x + h);
            }
            StepScalar.diagonalUpdate(aRe, aIm, bRe, bIm, p, cw, xRe, xIm, x, 1, 0, h, h1, u, u0);
        }
    }

    static void accumulate(float[] cRe, float[] cIm, int p0, int cw, boolean conjugate, float[] xRe, float[] xIm, int x0, int modes,
                           int width, int h0, int h1, float[] out, int o0) {
        int h = h0;
        for (; h + 4 * FW <= h1; h += 4 * FW) {
            FloatVector r0 = FloatVector.zero(FS);
            FloatVector r1 = r0;
            FloatVector r2 = r0;
            FloatVector r3 = r0;
            FloatVector i0 = r0;
            FloatVector i1 = r0;
            FloatVector i2 = r0;
            FloatVector i3 = r0;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int x = x0 + n * width + h;
                r0 = FloatVector.fromArray(FS, cRe, p).fma(FloatVector.fromArray(FS, xRe, x), r0);
                r1 = FloatVector.fromArray(FS, cRe, p + FW).fma(FloatVector.fromArray(FS, xRe, x + FW), r1);
                r2 = FloatVector.fromArray(FS, cRe, p + 2 * FW).fma(FloatVector.fromArray(FS, xRe, x + 2 * FW), r2);
                r3 = FloatVector.fromArray(FS, cRe, p + 3 * FW).fma(FloatVector.fromArray(FS, xRe, x + 3 * FW), r3);
                i0 = FloatVector.fromArray(FS, cIm, p).fma(FloatVector.fromArray(FS, xIm, x), i0);
                i1 = FloatVector.fromArray(FS, cIm, p + FW).fma(FloatVector.fromArray(FS, xIm, x + FW), i1);
                i2 = FloatVector.fromArray(FS, cIm, p + 2 * FW).fma(FloatVector.fromArray(FS, xIm, x + 2 * FW), i2);
                i3 = FloatVector.fromArray(FS, cIm, p + 3 * FW).fma(FloatVector.fromArray(FS, xIm, x + 3 * FW), i3);
            }
            int o = o0 + h;
            FloatVector.fromArray(FS, out, o).add(conjugate ? r0.add(i0) : r0.sub(i0)).intoArray(out, o);
            FloatVector.fromArray(FS, out, o + FW).add(conjugate ? r1.add(i1) : r1.sub(i1)).intoArray(out, o + FW);
            FloatVector.fromArray(FS, out, o + 2 * FW).add(conjugate ? r2.add(i2) : r2.sub(i2)).intoArray(out, o + 2 * FW);
            FloatVector.fromArray(FS, out, o + 3 * FW).add(conjugate ? r3.add(i3) : r3.sub(i3)).intoArray(out, o + 3 * FW);
        }
        for (; h + FW <= h1; h += FW) {
            FloatVector r = FloatVector.zero(FS);
            FloatVector i = r;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int x = x0 + n * width + h;
                r = FloatVector.fromArray(FS, cRe, p).fma(FloatVector.fromArray(FS, xRe, x), r);
                i = FloatVector.fromArray(FS, cIm, p).fma(FloatVector.fromArray(FS, xIm, x), i);
            }
            FloatVector.fromArray(FS, out, o0 + h).add(conjugate ? r.add(i) : r.sub(i)).intoArray(out, o0 + h);
        }
        StepScalar.accumulate(cRe, cIm, p0, cw, conjugate, xRe, xIm, x0, modes, width, h, h1, out, o0);
    }

    static void subtractScaled(float[] fRe, float[] fIm, int p0, int cw, float[] xRe, float[] xIm, int x0, int modes, int width, int h0,
            int h1, float[] w, int w0) {
        for (int n = 0; n < modes; n++) {
            int p = p0 + n * cw;
            int x = x0 + n * width;
            int h = h0;
            for (; h + FW <= h1; h += FW) {
                FloatVector minus = FloatVector.fromArray(FS, w, w0 + h).neg();
                FloatVector.fromArray(FS, fRe, p + h).fma(minus, FloatVector.fromArray(FS, xRe, x + h)).intoArray(xRe, x + h);
                FloatVector.fromArray(FS, fIm, p + h).fma(minus, FloatVector.fromArray(FS, xIm, x + h)).intoArray(xIm, x + h);
            }
            StepScalar.subtractScaled(fRe, fIm, p, cw, xRe, xIm, x, 1, 0, h, h1, w, w0);
        }
    }

    /**
     * Rows of outputs in groups of four, four vectors of outputs at a time ({@link #fourByFour}: a
     * weight vector loaded once serves four rows); then single rows, eight vectors at a time.
     */
    static void multiplyAdd(float[] wT, int n, int m, float[] x, int x0, int rows, float[] out, int o0) {
        int r = 0;
        int jEnd = m - m % (4 * FW);
        for (; r + 4 <= rows; r += 4) {
            int xa = x0 + r * n;
            int oa = o0 + r * m;
            for (int j = 0; j < jEnd; j += 4 * FW) {
                fourByFour(wT, n, m, x, xa, out, oa + j, j);
            }
            for (int k = 0; k < 4; k++) {
                multiplyAddTail(wT, n, m, x, xa + k * n, out, oa + k * m, jEnd);
            }
        }
        for (; r < rows; r++) {
            multiplyAddRow(wT, n, m, x, x0 + r * n, out, o0 + r * m);
        }
    }

    /**
     * Four rows (x from {@code xa}, n apart) by four vectors of outputs (from {@code o}, rows m apart;
     * weight columns from j): sixteen accumulators, each weight vector loaded once for the four rows.
     */
    private static void fourByFour(float[] wT, int n, int m, float[] x, int xa, float[] out, int o, int j) {
        FloatVector a0 = FloatVector.fromArray(FS, out, o);
        FloatVector a1 = FloatVector.fromArray(FS, out, o + FW);
        FloatVector a2 = FloatVector.fromArray(FS, out, o + 2 * FW);
        FloatVector a3 = FloatVector.fromArray(FS, out, o + 3 * FW);
        FloatVector b0 = FloatVector.fromArray(FS, out, o + m);
        FloatVector b1 = FloatVector.fromArray(FS, out, o + m + FW);
        FloatVector b2 = FloatVector.fromArray(FS, out, o + m + 2 * FW);
        FloatVector b3 = FloatVector.fromArray(FS, out, o + m + 3 * FW);
        FloatVector c0 = FloatVector.fromArray(FS, out, o + 2 * m);
        FloatVector c1 = FloatVector.fromArray(FS, out, o + 2 * m + FW);
        FloatVector c2 = FloatVector.fromArray(FS, out, o + 2 * m + 2 * FW);
        FloatVector c3 = FloatVector.fromArray(FS, out, o + 2 * m + 3 * FW);
        FloatVector d0 = FloatVector.fromArray(FS, out, o + 3 * m);
        FloatVector d1 = FloatVector.fromArray(FS, out, o + 3 * m + FW);
        FloatVector d2 = FloatVector.fromArray(FS, out, o + 3 * m + 2 * FW);
        FloatVector d3 = FloatVector.fromArray(FS, out, o + 3 * m + 3 * FW);
        for (int i = 0; i < n; i++) {
            int w = i * m + j;
            FloatVector w0 = FloatVector.fromArray(FS, wT, w);
            FloatVector w1 = FloatVector.fromArray(FS, wT, w + FW);
            FloatVector w2 = FloatVector.fromArray(FS, wT, w + 2 * FW);
            FloatVector w3 = FloatVector.fromArray(FS, wT, w + 3 * FW);
            FloatVector xv = FloatVector.broadcast(FS, x[xa + i]);
            a0 = w0.fma(xv, a0);
            a1 = w1.fma(xv, a1);
            a2 = w2.fma(xv, a2);
            a3 = w3.fma(xv, a3);
            xv = FloatVector.broadcast(FS, x[xa + n + i]);
            b0 = w0.fma(xv, b0);
            b1 = w1.fma(xv, b1);
            b2 = w2.fma(xv, b2);
            b3 = w3.fma(xv, b3);
            xv = FloatVector.broadcast(FS, x[xa + 2 * n + i]);
            c0 = w0.fma(xv, c0);
            c1 = w1.fma(xv, c1);
            c2 = w2.fma(xv, c2);
            c3 = w3.fma(xv, c3);
            xv = FloatVector.broadcast(FS, x[xa + 3 * n + i]);
            d0 = w0.fma(xv, d0);
            d1 = w1.fma(xv, d1);
            d2 = w2.fma(xv, d2);
            d3 = w3.fma(xv, d3);
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + FW);
        a2.intoArray(out, o + 2 * FW);
        a3.intoArray(out, o + 3 * FW);
        b0.intoArray(out, o + m);
        b1.intoArray(out, o + m + FW);
        b2.intoArray(out, o + m + 2 * FW);
        b3.intoArray(out, o + m + 3 * FW);
        c0.intoArray(out, o + 2 * m);
        c1.intoArray(out, o + 2 * m + FW);
        c2.intoArray(out, o + 2 * m + 2 * FW);
        c3.intoArray(out, o + 2 * m + 3 * FW);
        d0.intoArray(out, o + 3 * m);
        d1.intoArray(out, o + 3 * m + FW);
        d2.intoArray(out, o + 3 * m + 2 * FW);
        d3.intoArray(out, o + 3 * m + 3 * FW);
    }

    /** One row: eight vectors of outputs at a time, each accumulated over all of i before it is stored. */
    private static void multiplyAddRow(float[] wT, int n, int m, float[] x, int x0, float[] out, int o0) {
        int j = 0;
        for (; j + 8 * FW <= m; j += 8 * FW) {
            FloatVector a0 = FloatVector.fromArray(FS, out, o0 + j);
            FloatVector a1 = FloatVector.fromArray(FS, out, o0 + j + FW);
            FloatVector a2 = FloatVector.fromArray(FS, out, o0 + j + 2 * FW);
            FloatVector a3 = FloatVector.fromArray(FS, out, o0 + j + 3 * FW);
            FloatVector a4 = FloatVector.fromArray(FS, out, o0 + j + 4 * FW);
            FloatVector a5 = FloatVector.fromArray(FS, out, o0 + j + 5 * FW);
            FloatVector a6 = FloatVector.fromArray(FS, out, o0 + j + 6 * FW);
            FloatVector a7 = FloatVector.fromArray(FS, out, o0 + j + 7 * FW);
            for (int i = 0; i < n; i++) {
                FloatVector xi = FloatVector.broadcast(FS, x[x0 + i]);
                int w = i * m + j;
                a0 = FloatVector.fromArray(FS, wT, w).fma(xi, a0);
                a1 = FloatVector.fromArray(FS, wT, w + FW).fma(xi, a1);
                a2 = FloatVector.fromArray(FS, wT, w + 2 * FW).fma(xi, a2);
                a3 = FloatVector.fromArray(FS, wT, w + 3 * FW).fma(xi, a3);
                a4 = FloatVector.fromArray(FS, wT, w + 4 * FW).fma(xi, a4);
                a5 = FloatVector.fromArray(FS, wT, w + 5 * FW).fma(xi, a5);
                a6 = FloatVector.fromArray(FS, wT, w + 6 * FW).fma(xi, a6);
                a7 = FloatVector.fromArray(FS, wT, w + 7 * FW).fma(xi, a7);
            }
            a0.intoArray(out, o0 + j);
            a1.intoArray(out, o0 + j + FW);
            a2.intoArray(out, o0 + j + 2 * FW);
            a3.intoArray(out, o0 + j + 3 * FW);
            a4.intoArray(out, o0 + j + 4 * FW);
            a5.intoArray(out, o0 + j + 5 * FW);
            a6.intoArray(out, o0 + j + 6 * FW);
            a7.intoArray(out, o0 + j + 7 * FW);
        }
        multiplyAddTail(wT, n, m, x, x0, out, o0, j);
    }

    /**
     * Outputs j ≥ {@code from} of one row: whole vectors, then the last few outputs in one vector
     * whose other lanes store back the values they loaded (when the row's vector fits in
     * {@code out}; the weights are padded, {@link StepMatrix}). Each output is summed over i in
     * order with fused multiply–adds, as in the plain loops.
     */
    private static void multiplyAddTail(float[] wT, int n, int m, float[] x, int x0, float[] out, int o0, int from) {
        int j = from;
        for (; j + FW <= m; j += FW) {
            FloatVector a = FloatVector.fromArray(FS, out, o0 + j);
            for (int i = 0; i < n; i++) {
                a = FloatVector.fromArray(FS, wT, i * m + j).fma(FloatVector.broadcast(FS, x[x0 + i]), a);
            }
            a.intoArray(out, o0 + j);
        }
        if (j < m && o0 + j + FW <= out.length && wT.length >= n * m + FW) {
            VectorMask<Float> live = FS.indexInRange(j, m);
            FloatVector before = FloatVector.fromArray(FS, out, o0 + j);
            FloatVector a = before;
            for (int i = 0; i < n; i++) {
                a = FloatVector.fromArray(FS, wT, i * m + j).fma(FloatVector.broadcast(FS, x[x0 + i]), a);
            }
            before.blend(a, live).intoArray(out, o0 + j);
            j = m;
        }
        StepScalar.multiplyAdd(wT, n, m, x, x0, out, o0, j);
    }

    /** {@link StepKernels#diagonalAdvance}: each vector of entries kept in registers across the positions. */
    static void diagonalAdvance(double[] aRe, double[] aIm, double[] bRe, double[] bIm, double[] xRe, double[] xIm, int p0, int cw,
                                int x0, int modes, int width, int h0, int h1, double[] u, int length) {
        int hEnd = h0 + (h1 - h0) / W * W;
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < hEnd; h += W) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                DoubleVector ar = DoubleVector.fromArray(S, aRe, p);
                DoubleVector ai = DoubleVector.fromArray(S, aIm, p);
                DoubleVector br = DoubleVector.fromArray(S, bRe, p);
                DoubleVector bi = DoubleVector.fromArray(S, bIm, p);
                DoubleVector r = DoubleVector.fromArray(S, xRe, xp);
                DoubleVector i = DoubleVector.fromArray(S, xIm, xp);
                for (int t = 0; t < length; t++) {
                    DoubleVector ut = DoubleVector.fromArray(S, u, t * width + h);
                    DoubleVector nr = ar.fma(r, ai.neg().fma(i, br.mul(ut)));
                    i = ar.fma(i, ai.fma(r, bi.mul(ut)));
                    r = nr;
                }
                r.intoArray(xRe, xp);
                i.intoArray(xIm, xp);
            }
        }
        if (hEnd < h1) {
            StepScalar.diagonalAdvance(aRe, aIm, bRe, bIm, xRe, xIm, p0, cw, x0, modes, width, hEnd, h1, u, length);
        }
    }

    /** {@link StepKernels#diagonalAdvance}: each vector of entries kept in registers across the positions. */
    static void diagonalAdvance(float[] aRe, float[] aIm, float[] bRe, float[] bIm, float[] xRe, float[] xIm, int p0, int cw, int x0,
                                int modes, int width, int h0, int h1, float[] u, int length) {
        int hEnd = h0 + (h1 - h0) / FW * FW;
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < hEnd; h += FW) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                FloatVector ar = FloatVector.fromArray(FS, aRe, p);
                FloatVector ai = FloatVector.fromArray(FS, aIm, p);
                FloatVector br = FloatVector.fromArray(FS, bRe, p);
                FloatVector bi = FloatVector.fromArray(FS, bIm, p);
                FloatVector r = FloatVector.fromArray(FS, xRe, xp);
                FloatVector i = FloatVector.fromArray(FS, xIm, xp);
                for (int t = 0; t < length; t++) {
                    FloatVector ut = FloatVector.fromArray(FS, u, t * width + h);
                    FloatVector nr = ar.fma(r, ai.neg().fma(i, br.mul(ut)));
                    i = ar.fma(i, ai.fma(r, bi.mul(ut)));
                    r = nr;
                }
                r.intoArray(xRe, xp);
                i.intoArray(xIm, xp);
            }
        }
        if (hEnd < h1) {
            StepScalar.diagonalAdvance(aRe, aIm, bRe, bIm, xRe, xIm, p0, cw, x0, modes, width, hEnd, h1, u, length);
        }
    }

    /** {@link StepKernels#diagonalRun}: each vector of entries kept in registers across the positions. */
    static void diagonalRun(double[] aRe, double[] aIm, double[] bRe, double[] bIm, double[] cRe, double[] cIm, double[] xRe, double[] xIm,
                            int p0, int cw, int x0, int modes, int width, int h0, int h1, double[] u, int length, double[] y) {
        int hEnd = h0 + (h1 - h0) / W * W;
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < hEnd; h += W) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                DoubleVector ar = DoubleVector.fromArray(S, aRe, p);
                DoubleVector ai = DoubleVector.fromArray(S, aIm, p);
                DoubleVector br = DoubleVector.fromArray(S, bRe, p);
                DoubleVector bi = DoubleVector.fromArray(S, bIm, p);
                DoubleVector cr = DoubleVector.fromArray(S, cRe, p);
                DoubleVector ci = DoubleVector.fromArray(S, cIm, p).neg();
                DoubleVector r = DoubleVector.fromArray(S, xRe, xp);
                DoubleVector i = DoubleVector.fromArray(S, xIm, xp);
                for (int t = 0; t < length; t++) {
                    int at = t * width + h;
                    DoubleVector ut = DoubleVector.fromArray(S, u, at);
                    DoubleVector nr = ar.fma(r, ai.neg().fma(i, br.mul(ut)));
                    i = ar.fma(i, ai.fma(r, bi.mul(ut)));
                    r = nr;
                    cr.fma(r, ci.fma(i, DoubleVector.fromArray(S, y, at))).intoArray(y, at);
                }
                r.intoArray(xRe, xp);
                i.intoArray(xIm, xp);
            }
        }
        if (hEnd < h1) {
            StepScalar.diagonalRun(aRe, aIm, bRe, bIm, cRe, cIm, xRe, xIm, p0, cw, x0, modes, width, hEnd, h1, u, length, y);
        }
    }

    /** {@link StepKernels#diagonalRun}: each vector of entries kept in registers across the positions. */
    static void diagonalRun(float[] aRe, float[] aIm, float[] bRe, float[] bIm, float[] cRe, float[] cIm, float[] xRe, float[] xIm,
                            int p0, int cw, int x0, int modes, int width, int h0, int h1, float[] u, int length, float[] y) {
        int hEnd = h0 + (h1 - h0) / FW * FW;
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < hEnd; h += FW) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                FloatVector ar = FloatVector.fromArray(FS, aRe, p);
                FloatVector ai = FloatVector.fromArray(FS, aIm, p);
                FloatVector br = FloatVector.fromArray(FS, bRe, p);
                FloatVector bi = FloatVector.fromArray(FS, bIm, p);
                FloatVector cr = FloatVector.fromArray(FS, cRe, p);
                FloatVector ci = FloatVector.fromArray(FS, cIm, p).neg();
                FloatVector r = FloatVector.fromArray(FS, xRe, xp);
                FloatVector i = FloatVector.fromArray(FS, xIm, xp);
                for (int t = 0; t < length; t++) {
                    int at = t * width + h;
                    FloatVector ut = FloatVector.fromArray(FS, u, at);
                    FloatVector nr = ar.fma(r, ai.neg().fma(i, br.mul(ut)));
                    i = ar.fma(i, ai.fma(r, bi.mul(ut)));
                    r = nr;
                    cr.fma(r, ci.fma(i, FloatVector.fromArray(FS, y, at))).intoArray(y, at);
                }
                r.intoArray(xRe, xp);
                i.intoArray(xIm, xp);
            }
        }
        if (hEnd < h1) {
            StepScalar.diagonalRun(aRe, aIm, bRe, bIm, cRe, cIm, xRe, xIm, p0, cw, x0, modes, width, hEnd, h1, u, length, y);
        }
    }

    /** {@link StepKernels#diagonalStep}: per vector of models, the update of every mode and its new x into the sum. */
    static void diagonalStep(double[] aRe, double[] aIm, double[] bRe, double[] bIm, double[] cRe, double[] cIm, int p0, int cw,
            double[] xRe, double[] xIm, int x0,
                             int modes, int width, int h0, int h1, double[] u, int u0, double[] out, int o0) {
        int h = h0;
        for (; h + W <= h1; h += W) {
            DoubleVector uh = DoubleVector.fromArray(S, u, u0 + h);
            DoubleVector r = DoubleVector.zero(S);
            DoubleVector i = r;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                DoubleVector ar = DoubleVector.fromArray(S, aRe, p);
                DoubleVector ai = DoubleVector.fromArray(S, aIm, p);
                DoubleVector xr = DoubleVector.fromArray(S, xRe, xp);
                DoubleVector xi = DoubleVector.fromArray(S, xIm, xp);
                DoubleVector nr = ar.fma(xr, ai.neg().fma(xi, DoubleVector.fromArray(S, bRe, p).mul(uh)));
                DoubleVector ni = ar.fma(xi, ai.fma(xr, DoubleVector.fromArray(S, bIm, p).mul(uh)));
                nr.intoArray(xRe, xp);
                ni.intoArray(xIm, xp);
                r = DoubleVector.fromArray(S, cRe, p).fma(nr, r);
                i = DoubleVector.fromArray(S, cIm, p).fma(ni, i);
            }
            DoubleVector.zero(S).add(r.sub(i)).intoArray(out, o0 + h);
        }
        StepScalar.diagonalStep(aRe, aIm, bRe, bIm, cRe, cIm, p0, cw, xRe, xIm, x0, modes, width, h, h1, u, u0, out, o0);
    }

    /** {@link StepKernels#diagonalStep}: per vector of models, the update of every mode and its new x into the sum. */
    static void diagonalStep(float[] aRe, float[] aIm, float[] bRe, float[] bIm, float[] cRe, float[] cIm, int p0, int cw, float[] xRe,
                             float[] xIm, int x0, int modes, int width, int h0, int h1, float[] u, int u0, float[] out, int o0) {
        int h = h0;
        for (; h + FW <= h1; h += FW) {
            FloatVector uh = FloatVector.fromArray(FS, u, u0 + h);
            FloatVector r = FloatVector.zero(FS);
            FloatVector i = r;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                FloatVector ar = FloatVector.fromArray(FS, aRe, p);
                FloatVector ai = FloatVector.fromArray(FS, aIm, p);
                FloatVector xr = FloatVector.fromArray(FS, xRe, xp);
                FloatVector xi = FloatVector.fromArray(FS, xIm, xp);
                FloatVector nr = ar.fma(xr, ai.neg().fma(xi, FloatVector.fromArray(FS, bRe, p).mul(uh)));
                FloatVector ni = ar.fma(xi, ai.fma(xr, FloatVector.fromArray(FS, bIm, p).mul(uh)));
                nr.intoArray(xRe, xp);
                ni.intoArray(xIm, xp);
                r = FloatVector.fromArray(FS, cRe, p).fma(nr, r);
                i = FloatVector.fromArray(FS, cIm, p).fma(ni, i);
            }
            FloatVector.zero(FS).add(r.sub(i)).intoArray(out, o0 + h);
        }
        StepScalar.diagonalStep(aRe, aIm, bRe, bIm, cRe, cIm, p0, cw, xRe, xIm, x0, modes, width, h, h1, u, u0, out, o0);
    }
}

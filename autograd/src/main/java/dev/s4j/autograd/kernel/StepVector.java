package dev.s4j.autograd.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StepKernels} on the Vector API, W models per vector: every lane computes exactly what
 * {@link StepScalar} computes for its model (the same fused multiply–adds in the same order), so
 * both paths give the same bits. Float32 coefficients are loaded W at a time (half a vector
 * register) and widened to float64 lanes.
 */
final class StepVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    private static final VectorSpecies<Float> F = W >= 16 ? FloatVector.SPECIES_512 : W == 8 ? FloatVector.SPECIES_256
            : W == 4 ? FloatVector.SPECIES_128 : FloatVector.SPECIES_64;

    private StepVector() {
    }

    /** W float32 values from {@code a[at]} as float64 lanes. */
    private static DoubleVector wide(float[] a, int at) {
        return (DoubleVector) FloatVector.fromArray(F, a, at).convertShape(VectorOperators.F2D, S, 0);
    }

    static void diagonalUpdate(double[] aRe, double[] aIm, double[] bRe, double[] bIm, int p, double[] xRe, double[] xIm, int x,
                               int h0, int h1, double[] u, int u0) {
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
        StepScalar.diagonalUpdate(aRe, aIm, bRe, bIm, p, xRe, xIm, x, h, h1, u, u0);
    }

    static void diagonalUpdate(float[] aRe, float[] aIm, float[] bRe, float[] bIm, int p, double[] xRe, double[] xIm, int x,
                               int h0, int h1, double[] u, int u0) {
        int h = h0;
        for (; h + W <= h1; h += W) {
            DoubleVector ar = wide(aRe, p + h);
            DoubleVector ai = wide(aIm, p + h);
            DoubleVector uh = DoubleVector.fromArray(S, u, u0 + h);
            DoubleVector r = DoubleVector.fromArray(S, xRe, x + h);
            DoubleVector i = DoubleVector.fromArray(S, xIm, x + h);
            ar.fma(r, ai.neg().fma(i, wide(bRe, p + h).mul(uh))).intoArray(xRe, x + h);
            ar.fma(i, ai.fma(r, wide(bIm, p + h).mul(uh))).intoArray(xIm, x + h);
        }
        StepScalar.diagonalUpdate(aRe, aIm, bRe, bIm, p, xRe, xIm, x, h, h1, u, u0);
    }

    static void accumulate(double[] cRe, double[] cIm, int p, boolean conjugate, double[] xRe, double[] xIm, int x, int h0, int h1,
                           double[] out, int o0) {
        int h = h0;
        for (; h + W <= h1; h += W) {
            DoubleVector ci = DoubleVector.fromArray(S, cIm, p + h);
            DoubleVector acc = (conjugate ? ci : ci.neg()).fma(DoubleVector.fromArray(S, xIm, x + h), DoubleVector.fromArray(S, out, o0 + h));
            DoubleVector.fromArray(S, cRe, p + h).fma(DoubleVector.fromArray(S, xRe, x + h), acc).intoArray(out, o0 + h);
        }
        StepScalar.accumulate(cRe, cIm, p, conjugate, xRe, xIm, x, h, h1, out, o0);
    }

    static void accumulate(float[] cRe, float[] cIm, int p, boolean conjugate, double[] xRe, double[] xIm, int x, int h0, int h1,
                           double[] out, int o0) {
        int h = h0;
        for (; h + W <= h1; h += W) {
            DoubleVector ci = wide(cIm, p + h);
            DoubleVector acc = (conjugate ? ci : ci.neg()).fma(DoubleVector.fromArray(S, xIm, x + h), DoubleVector.fromArray(S, out, o0 + h));
            wide(cRe, p + h).fma(DoubleVector.fromArray(S, xRe, x + h), acc).intoArray(out, o0 + h);
        }
        StepScalar.accumulate(cRe, cIm, p, conjugate, xRe, xIm, x, h, h1, out, o0);
    }

    static void subtractScaled(double[] fRe, double[] fIm, int p, double[] xRe, double[] xIm, int x, int h0, int h1, double[] w,
                               int w0) {
        int h = h0;
        for (; h + W <= h1; h += W) {
            DoubleVector minus = DoubleVector.fromArray(S, w, w0 + h).neg();
            DoubleVector.fromArray(S, fRe, p + h).fma(minus, DoubleVector.fromArray(S, xRe, x + h)).intoArray(xRe, x + h);
            DoubleVector.fromArray(S, fIm, p + h).fma(minus, DoubleVector.fromArray(S, xIm, x + h)).intoArray(xIm, x + h);
        }
        StepScalar.subtractScaled(fRe, fIm, p, xRe, xIm, x, h, h1, w, w0);
    }

    static void subtractScaled(float[] fRe, float[] fIm, int p, double[] xRe, double[] xIm, int x, int h0, int h1, double[] w,
                               int w0) {
        int h = h0;
        for (; h + W <= h1; h += W) {
            DoubleVector minus = DoubleVector.fromArray(S, w, w0 + h).neg();
            wide(fRe, p + h).fma(minus, DoubleVector.fromArray(S, xRe, x + h)).intoArray(xRe, x + h);
            wide(fIm, p + h).fma(minus, DoubleVector.fromArray(S, xIm, x + h)).intoArray(xIm, x + h);
        }
        StepScalar.subtractScaled(fRe, fIm, p, xRe, xIm, x, h, h1, w, w0);
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

    static void multiplyAdd(float[] wT, int n, int m, double[] x, int x0, double[] out, int o0) {
        int j = 0;
        for (; j + 4 * W <= m; j += 4 * W) {
            DoubleVector a0 = DoubleVector.fromArray(S, out, o0 + j);
            DoubleVector a1 = DoubleVector.fromArray(S, out, o0 + j + W);
            DoubleVector a2 = DoubleVector.fromArray(S, out, o0 + j + 2 * W);
            DoubleVector a3 = DoubleVector.fromArray(S, out, o0 + j + 3 * W);
            for (int i = 0; i < n; i++) {
                DoubleVector xi = DoubleVector.broadcast(S, x[x0 + i]);
                int w = i * m + j;
                a0 = wide(wT, w).fma(xi, a0);
                a1 = wide(wT, w + W).fma(xi, a1);
                a2 = wide(wT, w + 2 * W).fma(xi, a2);
                a3 = wide(wT, w + 3 * W).fma(xi, a3);
            }
            a0.intoArray(out, o0 + j);
            a1.intoArray(out, o0 + j + W);
            a2.intoArray(out, o0 + j + 2 * W);
            a3.intoArray(out, o0 + j + 3 * W);
        }
        for (; j + W <= m; j += W) {
            DoubleVector a = DoubleVector.fromArray(S, out, o0 + j);
            for (int i = 0; i < n; i++) {
                a = wide(wT, i * m + j).fma(DoubleVector.broadcast(S, x[x0 + i]), a);
            }
            a.intoArray(out, o0 + j);
        }
        StepScalar.multiplyAdd(wT, n, m, x, x0, out, o0, j);
    }
}

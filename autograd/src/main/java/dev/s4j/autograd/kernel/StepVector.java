package dev.s4j.autograd.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StepKernels} on the Vector API. Products are summed lane by lane and the lanes combined
 * by pairwise swaps in a fixed order (no {@code reduceLanes}, whose order is unspecified).
 */
final class StepVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    private static final VectorShuffle<Double> SWAP4 = swap(4);
    private static final VectorShuffle<Double> SWAP2 = swap(2);
    private static final VectorShuffle<Double> SWAP1 = swap(1);

    private StepVector() {
    }

    private static VectorShuffle<Double> swap(int h) {
        int[] idx = new int[W];
        for (int i = 0; i < W; i++) {
            idx[i] = h < W ? i ^ h : i;
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    /** Lanes summed: i with i ^ 4 (for 8 lanes), then i ^ 2, then i ^ 1. */
    private static double sum(DoubleVector v) {
        DoubleVector acc = v;
        if (W > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        if (W > 2) {
            acc = acc.add(acc.rearrange(SWAP2));
        }
        return acc.add(acc.rearrange(SWAP1)).lane(0);
    }

    static void diagonalUpdate(double[] aRe, double[] aIm, double[] bRe, double[] bIm, int p, double[] xRe, double[] xIm, int x0,
                               int len, double u) {
        int n = 0;
        for (; n + W <= len; n += W) {
            DoubleVector ar = DoubleVector.fromArray(S, aRe, p + n);
            DoubleVector ai = DoubleVector.fromArray(S, aIm, p + n);
            DoubleVector r = DoubleVector.fromArray(S, xRe, x0 + n);
            DoubleVector i = DoubleVector.fromArray(S, xIm, x0 + n);
            DoubleVector br = DoubleVector.fromArray(S, bRe, p + n).mul(u);
            DoubleVector bi = DoubleVector.fromArray(S, bIm, p + n).mul(u);
            ar.fma(r, ai.neg().fma(i, br)).intoArray(xRe, x0 + n);
            ar.fma(i, ai.fma(r, bi)).intoArray(xIm, x0 + n);
        }
        StepScalar.diagonalUpdate(aRe, aIm, bRe, bIm, p + n, xRe, xIm, x0 + n, len - n, u);
    }

    static double realProduct(double[] cRe, double[] cIm, int c0, double[] xRe, double[] xIm, int x0, int len) {
        DoubleVector acc = DoubleVector.zero(S);
        int n = 0;
        for (; n + W <= len; n += W) {
            DoubleVector ci = DoubleVector.fromArray(S, cIm, c0 + n);
            DoubleVector xi = DoubleVector.fromArray(S, xIm, x0 + n);
            acc = DoubleVector.fromArray(S, cRe, c0 + n).fma(DoubleVector.fromArray(S, xRe, x0 + n), ci.neg().fma(xi, acc));
        }
        return sum(acc) + StepScalar.realProduct(cRe, cIm, c0 + n, xRe, xIm, x0 + n, len - n);
    }

    static double conjugateProduct(double[] aRe, double[] aIm, int a0, double[] xRe, double[] xIm, int x0, int len) {
        DoubleVector acc = DoubleVector.zero(S);
        int n = 0;
        for (; n + W <= len; n += W) {
            DoubleVector ai = DoubleVector.fromArray(S, aIm, a0 + n);
            DoubleVector xi = DoubleVector.fromArray(S, xIm, x0 + n);
            acc = DoubleVector.fromArray(S, aRe, a0 + n).fma(DoubleVector.fromArray(S, xRe, x0 + n), ai.fma(xi, acc));
        }
        return sum(acc) + StepScalar.conjugateProduct(aRe, aIm, a0 + n, xRe, xIm, x0 + n, len - n);
    }

    static void subtractScaled(double[] fRe, double[] fIm, int f0, double w, double[] xRe, double[] xIm, int x0, int len) {
        int n = 0;
        DoubleVector minus = DoubleVector.broadcast(S, -w);
        for (; n + W <= len; n += W) {
            DoubleVector.fromArray(S, fRe, f0 + n).fma(minus, DoubleVector.fromArray(S, xRe, x0 + n)).intoArray(xRe, x0 + n);
            DoubleVector.fromArray(S, fIm, f0 + n).fma(minus, DoubleVector.fromArray(S, xIm, x0 + n)).intoArray(xIm, x0 + n);
        }
        StepScalar.subtractScaled(fRe, fIm, f0 + n, w, xRe, xIm, x0 + n, len - n);
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
}

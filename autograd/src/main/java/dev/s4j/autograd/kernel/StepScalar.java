package dev.s4j.autograd.kernel;

/**
 * {@link StepKernels} in plain loops, for float64 and float32 coefficients (float64 arithmetic);
 * also the lanes the vector path leaves. Coefficients from {@code p + h}, state from {@code x + h}.
 */
final class StepScalar {
    private StepScalar() {
    }

    static void diagonalUpdate(double[] aRe, double[] aIm, double[] bRe, double[] bIm, int p, double[] xRe, double[] xIm, int x,
                               int h0, int h1, double[] u, int u0) {
        for (int h = h0; h < h1; h++) {
            double r = xRe[x + h];
            double i = xIm[x + h];
            double uh = u[u0 + h];
            xRe[x + h] = Math.fma(aRe[p + h], r, Math.fma(-aIm[p + h], i, bRe[p + h] * uh));
            xIm[x + h] = Math.fma(aRe[p + h], i, Math.fma(aIm[p + h], r, bIm[p + h] * uh));
        }
    }

    static void diagonalUpdate(float[] aRe, float[] aIm, float[] bRe, float[] bIm, int p, double[] xRe, double[] xIm, int x,
                               int h0, int h1, double[] u, int u0) {
        for (int h = h0; h < h1; h++) {
            double r = xRe[x + h];
            double i = xIm[x + h];
            double uh = u[u0 + h];
            xRe[x + h] = Math.fma(aRe[p + h], r, Math.fma(-aIm[p + h], i, bRe[p + h] * uh));
            xIm[x + h] = Math.fma(aRe[p + h], i, Math.fma(aIm[p + h], r, bIm[p + h] * uh));
        }
    }

    static void accumulate(double[] cRe, double[] cIm, int p, boolean conjugate, double[] xRe, double[] xIm, int x, int h0, int h1,
                           double[] out, int o0) {
        double sign = conjugate ? 1 : -1;
        for (int h = h0; h < h1; h++) {
            out[o0 + h] = Math.fma(cRe[p + h], xRe[x + h], Math.fma(sign * cIm[p + h], xIm[x + h], out[o0 + h]));
        }
    }

    static void accumulate(float[] cRe, float[] cIm, int p, boolean conjugate, double[] xRe, double[] xIm, int x, int h0, int h1,
                           double[] out, int o0) {
        double sign = conjugate ? 1 : -1;
        for (int h = h0; h < h1; h++) {
            out[o0 + h] = Math.fma(cRe[p + h], xRe[x + h], Math.fma(sign * cIm[p + h], xIm[x + h], out[o0 + h]));
        }
    }

    static void subtractScaled(double[] fRe, double[] fIm, int p, double[] xRe, double[] xIm, int x, int h0, int h1, double[] w,
                               int w0) {
        for (int h = h0; h < h1; h++) {
            xRe[x + h] = Math.fma(-fRe[p + h], w[w0 + h], xRe[x + h]);
            xIm[x + h] = Math.fma(-fIm[p + h], w[w0 + h], xIm[x + h]);
        }
    }

    static void subtractScaled(float[] fRe, float[] fIm, int p, double[] xRe, double[] xIm, int x, int h0, int h1, double[] w,
                               int w0) {
        for (int h = h0; h < h1; h++) {
            xRe[x + h] = Math.fma(-fRe[p + h], w[w0 + h], xRe[x + h]);
            xIm[x + h] = Math.fma(-fIm[p + h], w[w0 + h], xIm[x + h]);
        }
    }

    /** Outputs j ≥ {@code from} of {@link StepMatrix#multiplyAdd}. */
    static void multiplyAdd(double[] wT, int n, int m, double[] x, int x0, double[] out, int o0, int from) {
        for (int j = from; j < m; j++) {
            double acc = out[o0 + j];
            for (int i = 0; i < n; i++) {
                acc = Math.fma(wT[i * m + j], x[x0 + i], acc);
            }
            out[o0 + j] = acc;
        }
    }

    static void multiplyAdd(float[] wT, int n, int m, double[] x, int x0, double[] out, int o0, int from) {
        for (int j = from; j < m; j++) {
            double acc = out[o0 + j];
            for (int i = 0; i < n; i++) {
                acc = Math.fma(wT[i * m + j], x[x0 + i], acc);
            }
            out[o0 + j] = acc;
        }
    }
}

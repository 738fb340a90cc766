package dev.s4j.autograd.kernel;

/** {@link StepKernels} in plain loops; also the tails the vector path leaves. */
final class StepScalar {
    private StepScalar() {
    }

    static void diagonalUpdate(double[] aRe, double[] aIm, double[] bRe, double[] bIm, int p, double[] xRe, double[] xIm, int x0,
                               int len, double u) {
        for (int n = 0; n < len; n++) {
            double r = xRe[x0 + n];
            double i = xIm[x0 + n];
            xRe[x0 + n] = Math.fma(aRe[p + n], r, Math.fma(-aIm[p + n], i, bRe[p + n] * u));
            xIm[x0 + n] = Math.fma(aRe[p + n], i, Math.fma(aIm[p + n], r, bIm[p + n] * u));
        }
    }

    static double realProduct(double[] cRe, double[] cIm, int c0, double[] xRe, double[] xIm, int x0, int len) {
        double s = 0;
        for (int n = 0; n < len; n++) {
            s += cRe[c0 + n] * xRe[x0 + n] - cIm[c0 + n] * xIm[x0 + n];
        }
        return s;
    }

    static double conjugateProduct(double[] aRe, double[] aIm, int a0, double[] xRe, double[] xIm, int x0, int len) {
        double s = 0;
        for (int n = 0; n < len; n++) {
            s += aRe[a0 + n] * xRe[x0 + n] + aIm[a0 + n] * xIm[x0 + n];
        }
        return s;
    }

    static void subtractScaled(double[] fRe, double[] fIm, int f0, double w, double[] xRe, double[] xIm, int x0, int len) {
        for (int n = 0; n < len; n++) {
            xRe[x0 + n] = Math.fma(-fRe[f0 + n], w, xRe[x0 + n]);
            xIm[x0 + n] = Math.fma(-fIm[f0 + n], w, xIm[x0 + n]);
        }
    }

    /** Outputs j ≥ {@code from} of {@link StepKernels#multiplyAdd}. */
    static void multiplyAdd(double[] wT, int n, int m, double[] x, int x0, double[] out, int o0, int from) {
        for (int j = from; j < m; j++) {
            double acc = out[o0 + j];
            for (int i = 0; i < n; i++) {
                acc = Math.fma(wT[i * m + j], x[x0 + i], acc);
            }
            out[o0 + j] = acc;
        }
    }
}

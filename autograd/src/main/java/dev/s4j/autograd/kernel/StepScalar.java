package dev.s4j.autograd.kernel;

/**
 * {@link StepKernels} in plain loops, in float64 and in float32; also the lanes the vector path
 * leaves. Coefficients from {@code p + h}, state from {@code x + h}.
 */
final class StepScalar {
    private StepScalar() {
    }

    static void diagonalUpdate(double[] aRe, double[] aIm, double[] bRe, double[] bIm, int p0, int cw, double[] xRe, double[] xIm, int x0,
                               int modes, int width, int h0, int h1, double[] u, int u0) {
        for (int n = 0; n < modes; n++) {
            int p = p0 + n * cw;
            int x = x0 + n * width;
            for (int h = h0; h < h1; h++) {
                double r = xRe[x + h];
                double i = xIm[x + h];
                double uh = u[u0 + h];
                xRe[x + h] = Math.fma(aRe[p + h], r, Math.fma(-aIm[p + h], i, bRe[p + h] * uh));
                xIm[x + h] = Math.fma(aRe[p + h], i, Math.fma(aIm[p + h], r, bIm[p + h] * uh));
            }
        }
    }

    static void accumulate(double[] cRe, double[] cIm, int p0, int cw, boolean conjugate, double[] xRe, double[] xIm, int x0, int modes,
                           int width, int h0, int h1, double[] out, int o0) {
        for (int h = h0; h < h1; h++) {
            double r = 0;
            double i = 0;
            for (int n = 0; n < modes; n++) {
                r = Math.fma(cRe[p0 + n * cw + h], xRe[x0 + n * width + h], r);
                i = Math.fma(cIm[p0 + n * cw + h], xIm[x0 + n * width + h], i);
            }
            out[o0 + h] += conjugate ? r + i : r - i;
        }
    }

    static void subtractScaled(double[] fRe, double[] fIm, int p0, int cw, double[] xRe, double[] xIm, int x0, int modes, int width,
                               int h0, int h1, double[] w, int w0) {
        for (int n = 0; n < modes; n++) {
            int p = p0 + n * cw;
            int x = x0 + n * width;
            for (int h = h0; h < h1; h++) {
                xRe[x + h] = Math.fma(-fRe[p + h], w[w0 + h], xRe[x + h]);
                xIm[x + h] = Math.fma(-fIm[p + h], w[w0 + h], xIm[x + h]);
            }
        }
    }

    /** Outputs j ≥ {@code from} of {@link StepMatrix#multiplyAdd}. */
    static void multiplyAdd(double[] wT, int n, int m, double[] x, int x0, double[] out, int o0, int from) {
        for (int i = 0; i < n; i++) {               // outputs side by side: independent chains, each summed over i in order
            double xi = x[x0 + i];
            int w = i * m;
            for (int j = from; j < m; j++) {
                out[o0 + j] = Math.fma(wT[w + j], xi, out[o0 + j]);
            }
        }
    }

    // float32 state, float32 coefficients, float32 arithmetic (a float32 model's step)

    static void diagonalUpdate(float[] aRe, float[] aIm, float[] bRe, float[] bIm, int p0, int cw, float[] xRe, float[] xIm, int x0,
                               int modes, int width, int h0, int h1, float[] u, int u0) {
        for (int n = 0; n < modes; n++) {
            int p = p0 + n * cw;
            int x = x0 + n * width;
            for (int h = h0; h < h1; h++) {
                float r = xRe[x + h];
                float i = xIm[x + h];
                float uh = u[u0 + h];
                xRe[x + h] = Math.fma(aRe[p + h], r, Math.fma(-aIm[p + h], i, bRe[p + h] * uh));
                xIm[x + h] = Math.fma(aRe[p + h], i, Math.fma(aIm[p + h], r, bIm[p + h] * uh));
            }
        }
    }

    static void accumulate(float[] cRe, float[] cIm, int p0, int cw, boolean conjugate, float[] xRe, float[] xIm, int x0, int modes,
                           int width, int h0, int h1, float[] out, int o0) {
        for (int h = h0; h < h1; h++) {
            float r = 0;
            float i = 0;
            for (int n = 0; n < modes; n++) {
                r = Math.fma(cRe[p0 + n * cw + h], xRe[x0 + n * width + h], r);
                i = Math.fma(cIm[p0 + n * cw + h], xIm[x0 + n * width + h], i);
            }
            out[o0 + h] += conjugate ? r + i : r - i;
        }
    }

    static void subtractScaled(float[] fRe, float[] fIm, int p0, int cw, float[] xRe, float[] xIm, int x0, int modes, int width, int h0,
            int h1, float[] w, int w0) {
        for (int n = 0; n < modes; n++) {
            int p = p0 + n * cw;
            int x = x0 + n * width;
            for (int h = h0; h < h1; h++) {
                xRe[x + h] = Math.fma(-fRe[p + h], w[w0 + h], xRe[x + h]);
                xIm[x + h] = Math.fma(-fIm[p + h], w[w0 + h], xIm[x + h]);
            }
        }
    }

    static void multiplyAdd(float[] wT, int n, int m, float[] x, int x0, float[] out, int o0, int from) {
        if (from >= m) {
            return;
        }
        for (int i = 0; i < n; i++) {               // outputs side by side: independent chains, each summed over i in order
            float xi = x[x0 + i];
            int w = i * m;
            for (int j = from; j < m; j++) {
                out[o0 + j] = Math.fma(wT[w + j], xi, out[o0 + j]);
            }
        }
    }

    /** {@link StepKernels#diagonalAdvance}: each entry's state kept in a local across the positions. */
    static void diagonalAdvance(double[] aRe, double[] aIm, double[] bRe, double[] bIm, double[] xRe, double[] xIm, int p0, int cw,
                                int x0, int modes, int width, int h0, int h1, double[] u, int length) {
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < h1; h++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                double r = xRe[xp];
                double i = xIm[xp];
                for (int t = 0; t < length; t++) {
                    double ut = u[t * width + h];
                    double nr = Math.fma(aRe[p], r, Math.fma(-aIm[p], i, bRe[p] * ut));
                    i = Math.fma(aRe[p], i, Math.fma(aIm[p], r, bIm[p] * ut));
                    r = nr;
                }
                xRe[xp] = r;
                xIm[xp] = i;
            }
        }
    }

    /** {@link StepKernels#diagonalAdvance}: each entry's state kept in a local across the positions. */
    static void diagonalAdvance(float[] aRe, float[] aIm, float[] bRe, float[] bIm, float[] xRe, float[] xIm, int p0, int cw, int x0,
                                int modes, int width, int h0, int h1, float[] u, int length) {
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < h1; h++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                float r = xRe[xp];
                float i = xIm[xp];
                for (int t = 0; t < length; t++) {
                    float ut = u[t * width + h];
                    float nr = Math.fma(aRe[p], r, Math.fma(-aIm[p], i, bRe[p] * ut));
                    i = Math.fma(aRe[p], i, Math.fma(aIm[p], r, bIm[p] * ut));
                    r = nr;
                }
                xRe[xp] = r;
                xIm[xp] = i;
            }
        }
    }

    /** {@link StepKernels#lowRankProducts} for models h ∈ [h0, h1). */
    static void lowRankProducts(double[] pRe, double[] pIm, double[] qRe, double[] qIm, double[] cRe, double[] cIm, double[] xRe,
            double[] xIm,
                                int p0, int cw, int x0, int modes, int width, int h0, int h1, double[] out, int s0, int w0, int y0) {
        for (int h = h0; h < h1; h++) {
            double sr = 0;
            double si = 0;
            double wr = 0;
            double wi = 0;
            double yr = 0;
            double yi = 0;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                double xr = xRe[xp];
                double xi = xIm[xp];
                sr = Math.fma(pRe[p], xr, sr);
                si = Math.fma(pIm[p], xi, si);
                wr = Math.fma(qRe[p], xr, wr);
                wi = Math.fma(qIm[p], xi, wi);
                yr = Math.fma(cRe[p], xr, yr);
                yi = Math.fma(cIm[p], xi, yi);
            }
            out[s0 + h] = 0 + (sr + si);
            out[w0 + h] = 0 + (wr + wi);
            out[y0 + h] = 0 + (yr - yi);
        }
    }

    /** {@link StepKernels#lowRankUpdate} for models h ∈ [h0, h1). */
    static void lowRankUpdate(double[] eRe, double[] eIm, double[] gRe, double[] gIm, double[] fRe, double[] fIm, double[] xRe,
            double[] xIm,
                              int p0, int cw, int x0, int modes, int width, int h0, int h1, double[] u, int u0, double[] sigma, int s0) {
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < h1; h++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                double r = xRe[xp];
                double i = xIm[xp];
                double uh = u[u0 + h];
                double sg = sigma[s0 + h];
                double nr = Math.fma(eRe[p], r, Math.fma(-eIm[p], i, gRe[p] * uh));
                double ni = Math.fma(eRe[p], i, Math.fma(eIm[p], r, gIm[p] * uh));
                xRe[xp] = Math.fma(-fRe[p], sg, nr);
                xIm[xp] = Math.fma(-fIm[p], sg, ni);
            }
        }
    }

    /** {@link StepKernels#lowRankProducts} for models h ∈ [h0, h1). */
    static void lowRankProducts(float[] pRe, float[] pIm, float[] qRe, float[] qIm, float[] cRe, float[] cIm, float[] xRe, float[] xIm,
                                int p0, int cw, int x0, int modes, int width, int h0, int h1, float[] out, int s0, int w0, int y0) {
        for (int h = h0; h < h1; h++) {
            float sr = 0;
            float si = 0;
            float wr = 0;
            float wi = 0;
            float yr = 0;
            float yi = 0;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                float xr = xRe[xp];
                float xi = xIm[xp];
                sr = Math.fma(pRe[p], xr, sr);
                si = Math.fma(pIm[p], xi, si);
                wr = Math.fma(qRe[p], xr, wr);
                wi = Math.fma(qIm[p], xi, wi);
                yr = Math.fma(cRe[p], xr, yr);
                yi = Math.fma(cIm[p], xi, yi);
            }
            out[s0 + h] = 0 + (sr + si);
            out[w0 + h] = 0 + (wr + wi);
            out[y0 + h] = 0 + (yr - yi);
        }
    }

    /** {@link StepKernels#lowRankUpdate} for models h ∈ [h0, h1). */
    static void lowRankUpdate(float[] eRe, float[] eIm, float[] gRe, float[] gIm, float[] fRe, float[] fIm, float[] xRe, float[] xIm,
                              int p0, int cw, int x0, int modes, int width, int h0, int h1, float[] u, int u0, float[] sigma, int s0) {
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < h1; h++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                float r = xRe[xp];
                float i = xIm[xp];
                float uh = u[u0 + h];
                float sg = sigma[s0 + h];
                float nr = Math.fma(eRe[p], r, Math.fma(-eIm[p], i, gRe[p] * uh));
                float ni = Math.fma(eRe[p], i, Math.fma(eIm[p], r, gIm[p] * uh));
                xRe[xp] = Math.fma(-fRe[p], sg, nr);
                xIm[xp] = Math.fma(-fIm[p], sg, ni);
            }
        }
    }

    /** {@link StepKernels#diagonalRun} for models h ∈ [h0, h1). */
    static void diagonalRun(double[] aRe, double[] aIm, double[] bRe, double[] bIm, double[] cRe, double[] cIm, double[] xRe, double[] xIm,
                            int p0, int cw, int x0, int modes, int width, int h0, int h1, double[] u, int length, double[] y) {
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < h1; h++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                double r = xRe[xp];
                double i = xIm[xp];
                for (int t = 0; t < length; t++) {
                    int at = t * width + h;
                    double ut = u[at];
                    double nr = Math.fma(aRe[p], r, Math.fma(-aIm[p], i, bRe[p] * ut));
                    i = Math.fma(aRe[p], i, Math.fma(aIm[p], r, bIm[p] * ut));
                    r = nr;
                    y[at] = Math.fma(cRe[p], r, Math.fma(-cIm[p], i, y[at]));
                }
                xRe[xp] = r;
                xIm[xp] = i;
            }
        }
    }

    /** {@link StepKernels#diagonalRun} for models h ∈ [h0, h1). */
    static void diagonalRun(float[] aRe, float[] aIm, float[] bRe, float[] bIm, float[] cRe, float[] cIm, float[] xRe, float[] xIm,
                            int p0, int cw, int x0, int modes, int width, int h0, int h1, float[] u, int length, float[] y) {
        for (int n = 0; n < modes; n++) {
            for (int h = h0; h < h1; h++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                float r = xRe[xp];
                float i = xIm[xp];
                for (int t = 0; t < length; t++) {
                    int at = t * width + h;
                    float ut = u[at];
                    float nr = Math.fma(aRe[p], r, Math.fma(-aIm[p], i, bRe[p] * ut));
                    i = Math.fma(aRe[p], i, Math.fma(aIm[p], r, bIm[p] * ut));
                    r = nr;
                    y[at] = Math.fma(cRe[p], r, Math.fma(-cIm[p], i, y[at]));
                }
                xRe[xp] = r;
                xIm[xp] = i;
            }
        }
    }

    static void lowRankStep(double[] eRe, double[] eIm, double[] gRe, double[] gIm, double[] fRe, double[] fIm, double[] pRe,
            double[] pIm, double[] qRe,
                            double[] qIm, double[] cRe, double[] cIm, double[] xRe, double[] xIm, int p0, int cw, int x0, int modes,
                            int width, int h0, int h1, double[] u, int u0, double[] sigma, int sg0, double[] out, int s0, int w0, int y0) {
        for (int h = h0; h < h1; h++) {
            double uh = u[u0 + h];
            double sg = sigma[sg0 + h];
            double sr = 0;
            double si = 0;
            double wr = 0;
            double wi = 0;
            double yr = 0;
            double yi = 0;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                double r = xRe[xp];
                double i = xIm[xp];
                double nr = Math.fma(eRe[p], r, Math.fma(-eIm[p], i, gRe[p] * uh));
                double ni = Math.fma(eRe[p], i, Math.fma(eIm[p], r, gIm[p] * uh));
                double xr = Math.fma(-fRe[p], sg, nr);
                double xi = Math.fma(-fIm[p], sg, ni);
                xRe[xp] = xr;
                xIm[xp] = xi;
                sr = Math.fma(pRe[p], xr, sr);
                si = Math.fma(pIm[p], xi, si);
                wr = Math.fma(qRe[p], xr, wr);
                wi = Math.fma(qIm[p], xi, wi);
                yr = Math.fma(cRe[p], xr, yr);
                yi = Math.fma(cIm[p], xi, yi);
            }
            out[s0 + h] = 0 + (sr + si);
            out[w0 + h] = 0 + (wr + wi);
            out[y0 + h] = 0 + (yr - yi);
        }
    }

    static void lowRankStep(float[] eRe, float[] eIm, float[] gRe, float[] gIm, float[] fRe, float[] fIm, float[] pRe, float[] pIm,
                            float[] qRe, float[] qIm, float[] cRe, float[] cIm, float[] xRe, float[] xIm, int p0, int cw, int x0, int modes,
                            int width, int h0, int h1, float[] u, int u0, float[] sigma, int sg0, float[] out, int s0, int w0, int y0) {
        for (int h = h0; h < h1; h++) {
            float uh = u[u0 + h];
            float sg = sigma[sg0 + h];
            float sr = 0;
            float si = 0;
            float wr = 0;
            float wi = 0;
            float yr = 0;
            float yi = 0;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                float r = xRe[xp];
                float i = xIm[xp];
                float nr = Math.fma(eRe[p], r, Math.fma(-eIm[p], i, gRe[p] * uh));
                float ni = Math.fma(eRe[p], i, Math.fma(eIm[p], r, gIm[p] * uh));
                float xr = Math.fma(-fRe[p], sg, nr);
                float xi = Math.fma(-fIm[p], sg, ni);
                xRe[xp] = xr;
                xIm[xp] = xi;
                sr = Math.fma(pRe[p], xr, sr);
                si = Math.fma(pIm[p], xi, si);
                wr = Math.fma(qRe[p], xr, wr);
                wi = Math.fma(qIm[p], xi, wi);
                yr = Math.fma(cRe[p], xr, yr);
                yi = Math.fma(cIm[p], xi, yi);
            }
            out[s0 + h] = 0 + (sr + si);
            out[w0 + h] = 0 + (wr + wi);
            out[y0 + h] = 0 + (yr - yi);
        }
    }

    /** {@link StepKernels#diagonalStep} for models h ∈ [h0, h1). */
    static void diagonalStep(double[] aRe, double[] aIm, double[] bRe, double[] bIm, double[] cRe, double[] cIm, int p0, int cw,
            double[] xRe, double[] xIm, int x0,
                             int modes, int width, int h0, int h1, double[] u, int u0, double[] out, int o0) {
        for (int h = h0; h < h1; h++) {
            double uh = u[u0 + h];
            double r = 0;
            double i = 0;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                double xr = xRe[xp];
                double xi = xIm[xp];
                double nr = Math.fma(aRe[p], xr, Math.fma(-aIm[p], xi, bRe[p] * uh));
                double ni = Math.fma(aRe[p], xi, Math.fma(aIm[p], xr, bIm[p] * uh));
                xRe[xp] = nr;
                xIm[xp] = ni;
                r = Math.fma(cRe[p], nr, r);
                i = Math.fma(cIm[p], ni, i);
            }
            out[o0 + h] = 0 + (r - i);
        }
    }

    /** {@link StepKernels#diagonalStep} for models h ∈ [h0, h1). */
    static void diagonalStep(float[] aRe, float[] aIm, float[] bRe, float[] bIm, float[] cRe, float[] cIm, int p0, int cw, float[] xRe,
                             float[] xIm, int x0, int modes, int width, int h0, int h1, float[] u, int u0, float[] out, int o0) {
        for (int h = h0; h < h1; h++) {
            float uh = u[u0 + h];
            float r = 0;
            float i = 0;
            for (int n = 0; n < modes; n++) {
                int p = p0 + n * cw + h;
                int xp = x0 + n * width + h;
                float xr = xRe[xp];
                float xi = xIm[xp];
                float nr = Math.fma(aRe[p], xr, Math.fma(-aIm[p], xi, bRe[p] * uh));
                float ni = Math.fma(aRe[p], xi, Math.fma(aIm[p], xr, bIm[p] * uh));
                xRe[xp] = nr;
                xIm[xp] = ni;
                r = Math.fma(cRe[p], nr, r);
                i = Math.fma(cIm[p], ni, i);
            }
            out[o0 + h] = 0 + (r - i);
        }
    }
}

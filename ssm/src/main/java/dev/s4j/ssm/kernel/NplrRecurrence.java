package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;

/**
 * Step mode of S4 (arXiv 2111.00396, §3.3, Lemma C.2): the bilinear step
 * {@code x ← (I − Δ/2·A)⁻¹[(I + Δ/2·A)x + ΔBu]} for A = Λ − PP*, applied in O(N·r) with the
 * Woodbury identity {@code (I − Δ/2·A)⁻¹ = D − D P' K⁻¹ P* D}, where
 * {@code D = (I − Δ/2 Λ)⁻¹}, {@code P' = Δ/2 P} and {@code K = I + P* D P'}:
 * <pre>
 *   s  = P* x
 *   z  = E x − F s + G u          E = D (I + Δ/2 Λ),  F = D P',  G = Δ D B     (z = D (I + Δ/2 A) x + D Δ B u)
 *   x ← z − F K⁻¹ (P* z)
 * </pre>
 * with E, F, G and K⁻¹ computed once, on the stored half of the basis. The conjugate partners are
 * implicit: an inner product over the full basis, such as P*x, is 2 Re of the sum over the stored
 * half. Output y_k = 2 Re Σ C x.
 */
final class NplrRecurrence implements Recurrence {
    private final int width;
    private final int channels;
    private final int modes;
    private final int rank;
    private final double[] pRe;
    private final double[] pIm;
    private final double[] eRe;
    private final double[] eIm;
    private final double[] fRe;
    private final double[] fIm;
    private final double[] gRe;
    private final double[] gIm;
    private final double[] cRe;
    private final double[] cIm;
    private final double[] kInv;

    /**
     * @param lambda Λ (H, M)
     * @param p      P (r, H, M)
     * @param b      B (H, M)
     * @param c      C (C, H, M), the output matrix (not C̃)
     * @param dt     Δ (H)
     */
    NplrRecurrence(Tensor lambda, Tensor p, Tensor b, Tensor c, Tensor dt) {
        this.width = lambda.size(0);
        this.modes = lambda.size(1);
        this.rank = p.size(0);
        this.channels = c.size(0);
        double[] lRe = Kernels.re(lambda);
        double[] lIm = Kernels.im(lambda);
        double[] bRe = Kernels.re(b);
        double[] bIm = Kernels.im(b);
        double[] delta = Kernels.re(dt);
        this.pRe = Kernels.re(p);
        this.pIm = Kernels.im(p);
        this.cRe = Kernels.re(c);
        this.cIm = Kernels.im(c);
        int hm = width * modes;
        this.eRe = new double[hm];
        this.eIm = new double[hm];
        this.gRe = new double[hm];
        this.gIm = new double[hm];
        this.fRe = new double[rank * hm];
        this.fIm = new double[rank * hm];
        this.kInv = new double[width * rank * rank];
        double[] dRe = new double[modes];
        double[] dIm = new double[modes];
        for (int h = 0; h < width; h++) {
            double half = delta[h] / 2;
            for (int n = 0; n < modes; n++) {
                int at = h * modes + n;
                // d = 1/(1 − Δ/2·λ)
                double xr = 1 - half * lRe[at];
                double xi = -half * lIm[at];
                double den = xr * xr + xi * xi;
                dRe[n] = xr / den;
                dIm[n] = -xi / den;
                // e = d (1 + Δ/2·λ), g = Δ d b
                double ar = 1 + half * lRe[at];
                double ai = half * lIm[at];
                eRe[at] = dRe[n] * ar - dIm[n] * ai;
                eIm[at] = dRe[n] * ai + dIm[n] * ar;
                gRe[at] = delta[h] * (dRe[n] * bRe[at] - dIm[n] * bIm[at]);
                gIm[at] = delta[h] * (dRe[n] * bIm[at] + dIm[n] * bRe[at]);
                // f_j = d Δ/2 p_j
                for (int j = 0; j < rank; j++) {
                    int pj = j * hm + at;
                    fRe[pj] = half * (dRe[n] * pRe[pj] - dIm[n] * pIm[pj]);
                    fIm[pj] = half * (dRe[n] * pIm[pj] + dIm[n] * pRe[pj]);
                }
            }
            // K = I + P*·F (full basis: 2 Re of the half sums), inverted
            double[] k = new double[rank * rank];
            for (int i = 0; i < rank; i++) {
                for (int j = 0; j < rank; j++) {
                    double sum = 0;
                    for (int n = 0; n < modes; n++) {
                        int pi = i * hm + h * modes + n;
                        int pj = j * hm + h * modes + n;
                        sum += pRe[pi] * fRe[pj] + pIm[pi] * fIm[pj];
                    }
                    k[i * rank + j] = (i == j ? 1 : 0) + 2 * sum;
                }
            }
            System.arraycopy(invert(k, rank), 0, kInv, h * rank * rank, rank * rank);
        }
    }

    private static double[] invert(double[] m, int r) {
        double[] a = m.clone();
        double[] inv = new double[r * r];
        for (int i = 0; i < r; i++) {
            inv[i * r + i] = 1;
        }
        for (int col = 0; col < r; col++) {
            int piv = col;
            for (int row = col + 1; row < r; row++) {
                if (Math.abs(a[row * r + col]) > Math.abs(a[piv * r + col])) {
                    piv = row;
                }
            }
            for (int c = 0; c < r; c++) {
                double t = a[col * r + c];
                a[col * r + c] = a[piv * r + c];
                a[piv * r + c] = t;
                t = inv[col * r + c];
                inv[col * r + c] = inv[piv * r + c];
                inv[piv * r + c] = t;
            }
            double d = a[col * r + col];
            if (d == 0) {
                throw new ArithmeticException("S4 step: the Woodbury matrix I + P*DP' is singular");
            }
            for (int c = 0; c < r; c++) {
                a[col * r + c] /= d;
                inv[col * r + c] /= d;
            }
            for (int row = 0; row < r; row++) {
                if (row != col) {
                    double f = a[row * r + col];
                    for (int c = 0; c < r; c++) {
                        a[row * r + c] -= f * a[col * r + c];
                        inv[row * r + c] -= f * inv[col * r + c];
                    }
                }
            }
        }
        return inv;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int stateSize() {
        return modes;
    }

    @Override
    public boolean complexState() {
        return true;
    }

    @Override
    public void step(double[] u, RecurrentState state, double[] out) {
        state.check(this);
        double[] xr = state.re;
        double[] xi = state.im;
        int hm = width * modes;
        double[] s = new double[rank];
        double[] tau = new double[rank];
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            for (int h = 0; h < width; h++) {
                int base = (bIdx * width + h) * modes;
                int at0 = h * modes;
                double uk = u[bIdx * width + h];
                // s = P* x over the full basis
                for (int j = 0; j < rank; j++) {
                    s[j] = 2 * realDot(pRe, pIm, j * hm + at0, xr, xi, base, modes);
                }
                // z = E x + G u − Σ_j F_j s_j, in place (loops without inner branches, so that they vectorize)
                for (int n = 0; n < modes; n++) {
                    int at = at0 + n;
                    double x0 = xr[base + n];
                    double x1 = xi[base + n];
                    xr[base + n] = eRe[at] * x0 - eIm[at] * x1 + gRe[at] * uk;
                    xi[base + n] = eRe[at] * x1 + eIm[at] * x0 + gIm[at] * uk;
                }
                subtractF(s, at0, xr, xi, base);
                // τ = K⁻¹ P* z, then x = z − F τ
                for (int j = 0; j < rank; j++) {
                    s[j] = 2 * realDot(pRe, pIm, j * hm + at0, xr, xi, base, modes);
                }
                for (int j = 0; j < rank; j++) {
                    double acc = 0;
                    for (int i = 0; i < rank; i++) {
                        acc += kInv[(h * rank + j) * rank + i] * s[i];
                    }
                    tau[j] = acc;
                }
                subtractF(tau, at0, xr, xi, base);
                for (int ch = 0; ch < channels; ch++) {
                    int cp = (ch * width + h) * modes;
                    double acc = 0;
                    for (int n = 0; n < modes; n++) {
                        acc += cRe[cp + n] * xr[base + n] - cIm[cp + n] * xi[base + n];
                    }
                    out[(bIdx * channels + ch) * width + h] = 2 * acc;
                }
            }
        }
    }

    /** x −= Σ_j F_j w_j over the modes of one state space. */
    private void subtractF(double[] w, int at0, double[] xr, double[] xi, int base) {
        int hm = width * modes;
        for (int j = 0; j < rank; j++) {
            int f = j * hm + at0;
            double wj = w[j];
            for (int n = 0; n < modes; n++) {
                xr[base + n] -= fRe[f + n] * wj;
                xi[base + n] -= fIm[f + n] * wj;
            }
        }
    }

    /** Re Σ conj(a_n) x_n over {@code len} entries from {@code a0} in a and {@code x0} in x. */
    private static double realDot(double[] aRe, double[] aIm, int a0, double[] xRe, double[] xIm, int x0, int len) {
        double acc = 0;
        for (int n = 0; n < len; n++) {
            acc += aRe[a0 + n] * xRe[x0 + n] + aIm[a0 + n] * xIm[x0 + n];
        }
        return acc;
    }
}

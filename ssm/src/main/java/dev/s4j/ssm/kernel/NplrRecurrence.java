package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;

/**
 * Step mode of S4 (arXiv 2111.00396, §3.3, Lemma C.2): the bilinear step
 * {@code x ← (I − Δ/2·A)⁻¹[(I + Δ/2·A)x + ΔBu]} for A = Λ − PP*, applied in O(N·r):
 * <pre>
 *   y  = x + Δ/2 (Λx − P·(P*x)) + ΔBu
 *   x ← D y − D P' (I + P*D P')⁻¹ P*D y,    D = (I − Δ/2 Λ)⁻¹,  P' = Δ/2 P     (Woodbury)
 * </pre>
 * on the stored half of the basis. The conjugate partners are implicit: an inner product over the
 * full basis, such as P*x, is 2 Re of the sum over the stored half. Output y_k = 2 Re Σ C x.
 */
final class NplrRecurrence implements Recurrence {
    private final int width;
    private final int channels;
    private final int modes;
    private final int rank;
    private final double[] lRe;
    private final double[] lIm;
    private final double[] pRe;
    private final double[] pIm;
    private final double[] bRe;
    private final double[] bIm;
    private final double[] cRe;
    private final double[] cIm;
    private final double[] dt;
    private final double[] dRe;
    private final double[] dIm;
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
        this.lRe = Kernels.re(lambda);
        this.lIm = Kernels.im(lambda);
        this.pRe = Kernels.re(p);
        this.pIm = Kernels.im(p);
        this.bRe = Kernels.re(b);
        this.bIm = Kernels.im(b);
        this.cRe = Kernels.re(c);
        this.cIm = Kernels.im(c);
        this.dt = Kernels.re(dt);
        this.dRe = new double[width * modes];
        this.dIm = new double[width * modes];
        this.kInv = new double[width * rank * rank];
        for (int h = 0; h < width; h++) {
            double half = this.dt[h] / 2;
            for (int n = 0; n < modes; n++) {
                // d = 1/(1 − Δ/2·λ)
                int at = h * modes + n;
                double xr = 1 - half * lRe[at];
                double xi = -half * lIm[at];
                double den = xr * xr + xi * xi;
                dRe[at] = xr / den;
                dIm[at] = -xi / den;
            }
            // K = I + P*·D·P' (full basis: 2 Re of the half sums), inverted
            double[] k = new double[rank * rank];
            for (int i = 0; i < rank; i++) {
                for (int j = 0; j < rank; j++) {
                    double s = 0;
                    for (int n = 0; n < modes; n++) {
                        int at = h * modes + n;
                        int pi = (i * width + h) * modes + n;
                        int pj = (j * width + h) * modes + n;
                        // conj(P_i)·d·P_j, real part
                        double ar = pRe[pi] * dRe[at] + pIm[pi] * dIm[at];
                        double ai = pRe[pi] * dIm[at] - pIm[pi] * dRe[at];
                        s += ar * pRe[pj] - ai * pIm[pj];
                    }
                    k[i * rank + j] = (i == j ? 1 : 0) + 2 * half * s;
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
        double[] yr = new double[modes];
        double[] yi = new double[modes];
        double[] s = new double[rank];
        double[] t = new double[rank];
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            for (int h = 0; h < width; h++) {
                int base = (bIdx * width + h) * modes;
                double half = dt[h] / 2;
                double uk = u[bIdx * width + h];
                // s = P*x over the full basis
                for (int j = 0; j < rank; j++) {
                    double acc = 0;
                    for (int n = 0; n < modes; n++) {
                        int pj = (j * width + h) * modes + n;
                        acc += pRe[pj] * xr[base + n] + pIm[pj] * xi[base + n];
                    }
                    s[j] = 2 * acc;
                }
                // y = x + Δ/2 (Λx − P s) + ΔBu
                for (int n = 0; n < modes; n++) {
                    int at = h * modes + n;
                    double ar = lRe[at] * xr[base + n] - lIm[at] * xi[base + n];
                    double ai = lRe[at] * xi[base + n] + lIm[at] * xr[base + n];
                    for (int j = 0; j < rank; j++) {
                        int pj = (j * width + h) * modes + n;
                        ar -= pRe[pj] * s[j];
                        ai -= pIm[pj] * s[j];
                    }
                    yr[n] = xr[base + n] + half * ar + dt[h] * bRe[at] * uk;
                    yi[n] = xi[base + n] + half * ai + dt[h] * bIm[at] * uk;
                }
                // D y, and t = P*(D y) over the full basis
                for (int n = 0; n < modes; n++) {
                    int at = h * modes + n;
                    double r = dRe[at] * yr[n] - dIm[at] * yi[n];
                    double i = dRe[at] * yi[n] + dIm[at] * yr[n];
                    yr[n] = r;
                    yi[n] = i;
                }
                for (int j = 0; j < rank; j++) {
                    double acc = 0;
                    for (int n = 0; n < modes; n++) {
                        int pj = (j * width + h) * modes + n;
                        acc += pRe[pj] * yr[n] + pIm[pj] * yi[n];
                    }
                    t[j] = 2 * acc;
                }
                // x = D y − D P' K⁻¹ t
                for (int n = 0; n < modes; n++) {
                    int at = h * modes + n;
                    double cr = 0;
                    double ci = 0;
                    for (int j = 0; j < rank; j++) {
                        double tau = 0;
                        for (int i = 0; i < rank; i++) {
                            tau += kInv[(h * rank + j) * rank + i] * t[i];
                        }
                        int pj = (j * width + h) * modes + n;
                        cr += half * pRe[pj] * tau;
                        ci += half * pIm[pj] * tau;
                    }
                    xr[base + n] = yr[n] - (dRe[at] * cr - dIm[at] * ci);
                    xi[base + n] = yi[n] - (dRe[at] * ci + dIm[at] * cr);
                }
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
}

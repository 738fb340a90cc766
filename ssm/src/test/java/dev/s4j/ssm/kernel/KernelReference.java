package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.ssm.discretize.Discretization;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_ZDRM;

/**
 * K̄[c, h, k] = C Ā^k B̄ computed the long way in float64 from a kernel's current parameters:
 * dense discretization with EJML (the ZOH matrices by integrating the ODE), then k matrix-vector
 * products. Shares no code with the kernels it checks.
 */
final class KernelReference {
    private KernelReference() {
    }

    static double[] values(Module m, String name) {
        return m.stateDict().get(name).toDoubleArray();
    }

    static double[] imag(Module m, String name) {
        return m.stateDict().get(name).imagToDoubleArray();
    }

    /** Result as a (C, H, L) FLOAT64 tensor. */
    static Tensor tensor(double[][][] k) {
        int c = k.length;
        int h = k[0].length;
        int l = k[0][0].length;
        double[] flat = new double[c * h * l];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < h; j++) {
                System.arraycopy(k[i][j], 0, flat, (i * h + j) * l, l);
            }
        }
        return Tensor.of(flat, c, h, l);
    }

    static double reLambda(double raw, dev.s4j.ssm.discretize.RealTransform t) {
        return switch (t) {
            case EXP -> -Math.exp(raw);
            case RELU -> -Math.max(raw, 0);
            case NONE -> raw;
        };
    }

    /** S4: full basis A = diag(Λ, Λ̄) − Σ P P*, bilinear, C = C̃(I − Ā^{L_max})⁻¹. */
    static Tensor nplr(NplrKernel kernel, NplrSpec spec, int length, double rate) {
        Map<String, Tensor> p = kernel.stateDict();
        int h = kernel.width();
        int ch = kernel.channels();
        int r = kernel.rank();
        int m = p.get("lambda_re").size(1);
        int n = 2 * m;
        double[] lre = values(kernel, "lambda_re");
        double[] lim = values(kernel, "lambda_im");
        double[] pre = values(kernel, "P");
        double[] pim = imag(kernel, "P");
        double[] bre = values(kernel, "B");
        double[] bim = imag(kernel, "B");
        double[] cre = values(kernel, "C");
        double[] cim = imag(kernel, "C");
        double[] logDt = values(kernel, "log_dt");
        int lMax = kernel.maxLength();
        double[][][] out = new double[ch][h][length];
        for (int j = 0; j < h; j++) {
            ZMatrixRMaj a = fullA(kernel, spec, j);
            ZMatrixRMaj bFull = fullB(kernel, j);
            ZMatrixRMaj aBar1 = bilinearA(a, Math.exp(logDt[j]));
            double dt = Math.exp(logDt[j]) * rate;
            ZMatrixRMaj aBar = bilinearA(a, dt);
            ZMatrixRMaj bBar = bilinearB(a, bFull, dt);
            for (int c = 0; c < ch; c++) {
                ZMatrixRMaj cRow = new ZMatrixRMaj(1, n);
                for (int i = 0; i < m; i++) {
                    int at = (c * h + j) * m + i;
                    cRow.set(0, i, cre[at], cim[at]);
                    cRow.set(0, i + m, cre[at], -cim[at]);
                }
                if (lMax > 0) {
                    // C = C̃ (I − Ā^{L_max})⁻¹ at rate 1
                    ZMatrixRMaj x = identityMinus(power(aBar1, lMax));
                    ZMatrixRMaj xt = new ZMatrixRMaj(n, n);
                    CommonOps_ZDRM.transpose(x, xt);
                    ZMatrixRMaj ct = new ZMatrixRMaj(n, 1);
                    CommonOps_ZDRM.transpose(cRow, ct);
                    ZMatrixRMaj sol = new ZMatrixRMaj(n, 1);
                    CommonOps_ZDRM.solve(xt, ct, sol);
                    CommonOps_ZDRM.transpose(sol, cRow);
                }
                ZMatrixRMaj state = bBar.copy();
                ZMatrixRMaj next = new ZMatrixRMaj(n, 1);
                ZMatrixRMaj y = new ZMatrixRMaj(1, 1);
                for (int k = 0; k < length; k++) {
                    CommonOps_ZDRM.mult(cRow, state, y);
                    out[c][j][k] = y.getReal(0, 0);
                    CommonOps_ZDRM.mult(aBar, state, next);
                    state.setTo(next);
                }
            }
        }
        return tensor(out);
    }

    /**
     * S4 from its definition as a truncated generating function (S4 §3.2): K̂(ω) = C̃ (I − Āω)⁻¹ B̄
     * at every L-th root of unity by a dense solve, then the inverse DFT term by term. Never
     * inverts I − Ā^L, so it stays accurate where that matrix is nearly singular (LegT, LagT,
     * FouT start with almost undamped modes).
     */
    static Tensor nplrGenerating(NplrKernel kernel, NplrSpec spec, int length) {
        int h = kernel.width();
        int ch = kernel.channels();
        int m = kernel.stateDict().get("lambda_re").size(1);
        int n = 2 * m;
        double[] cre = values(kernel, "C");
        double[] cim = imag(kernel, "C");
        double[] logDt = values(kernel, "log_dt");
        double[][][] out = new double[ch][h][length];
        for (int j = 0; j < h; j++) {
            ZMatrixRMaj a = fullA(kernel, spec, j);
            double dt = Math.exp(logDt[j]);
            ZMatrixRMaj aBar = bilinearA(a, dt);
            ZMatrixRMaj bBar = bilinearB(a, fullB(kernel, j), dt);
            double[][] specRe = new double[ch][length];
            double[][] specIm = new double[ch][length];
            for (int l = 0; l < length; l++) {
                double wr = Math.cos(-2 * Math.PI * l / length);
                double wi = Math.sin(-2 * Math.PI * l / length);
                ZMatrixRMaj lhs = CommonOps_ZDRM.identity(n);
                for (int x = 0; x < n; x++) {
                    for (int y = 0; y < n; y++) {
                        double ar = aBar.getReal(x, y);
                        double ai = aBar.getImag(x, y);
                        lhs.set(x, y, lhs.getReal(x, y) - (ar * wr - ai * wi), lhs.getImag(x, y) - (ar * wi + ai * wr));
                    }
                }
                ZMatrixRMaj sol = new ZMatrixRMaj(n, 1);
                CommonOps_ZDRM.solve(lhs, bBar, sol);
                for (int c = 0; c < ch; c++) {
                    for (int i = 0; i < m; i++) {
                        int at = (c * h + j) * m + i;
                        // C̃ over the full basis: (c, conj(c))
                        specRe[c][l] += cre[at] * sol.getReal(i, 0) - cim[at] * sol.getImag(i, 0)
                                + cre[at] * sol.getReal(i + m, 0) + cim[at] * sol.getImag(i + m, 0);
                        specIm[c][l] += cre[at] * sol.getImag(i, 0) + cim[at] * sol.getReal(i, 0)
                                + cre[at] * sol.getImag(i + m, 0) - cim[at] * sol.getReal(i + m, 0);
                    }
                }
            }
            for (int c = 0; c < ch; c++) {
                for (int k = 0; k < length; k++) {
                    double sum = 0;
                    for (int l = 0; l < length; l++) {
                        double ang = 2 * Math.PI * (((long) l * k) % length) / length;
                        sum += specRe[c][l] * Math.cos(ang) - specIm[c][l] * Math.sin(ang);
                    }
                    out[c][j][k] = sum / length;
                }
            }
        }
        return tensor(out);
    }

    /** diag(Λ, Λ̄) − Σ_r P_r P_r* for state space j. */
    private static ZMatrixRMaj fullA(NplrKernel kernel, NplrSpec spec, int j) {
        int h = kernel.width();
        int m = kernel.stateDict().get("lambda_re").size(1);
        int n = 2 * m;
        double[] lre = values(kernel, "lambda_re");
        double[] lim = values(kernel, "lambda_im");
        double[] pre = values(kernel, "P");
        double[] pim = imag(kernel, "P");
        ZMatrixRMaj a = new ZMatrixRMaj(n, n);
        for (int i = 0; i < m; i++) {
            double re = reLambda(lre[j * m + i], spec.realTransform());
            a.set(i, i, re, lim[j * m + i]);
            a.set(i + m, i + m, re, -lim[j * m + i]);
        }
        for (int q = 0; q < kernel.rank(); q++) {
            double[] fr = new double[n];
            double[] fi = new double[n];
            for (int i = 0; i < m; i++) {
                int at = (q * h + j) * m + i;
                fr[i] = pre[at];
                fi[i] = pim[at];
                fr[i + m] = pre[at];
                fi[i + m] = -pim[at];
            }
            for (int x = 0; x < n; x++) {
                for (int y = 0; y < n; y++) {
                    a.set(x, y, a.getReal(x, y) - (fr[x] * fr[y] + fi[x] * fi[y]), a.getImag(x, y) - (fi[x] * fr[y] - fr[x] * fi[y]));
                }
            }
        }
        return a;
    }

    /** (B, B̄) for state space j. */
    private static ZMatrixRMaj fullB(NplrKernel kernel, int j) {
        int m = kernel.stateDict().get("lambda_re").size(1);
        double[] bre = values(kernel, "B");
        double[] bim = imag(kernel, "B");
        ZMatrixRMaj b = new ZMatrixRMaj(2 * m, 1);
        for (int i = 0; i < m; i++) {
            b.set(i, 0, bre[j * m + i], bim[j * m + i]);
            b.set(i + m, 0, bre[j * m + i], -bim[j * m + i]);
        }
        return b;
    }

    private static ZMatrixRMaj bilinearA(ZMatrixRMaj a, double dt) {
        int n = a.numRows;
        ZMatrixRMaj lhs = CommonOps_ZDRM.identity(n);
        ZMatrixRMaj rhs = CommonOps_ZDRM.identity(n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                lhs.set(i, k, lhs.getReal(i, k) - dt / 2 * a.getReal(i, k), lhs.getImag(i, k) - dt / 2 * a.getImag(i, k));
                rhs.set(i, k, rhs.getReal(i, k) + dt / 2 * a.getReal(i, k), rhs.getImag(i, k) + dt / 2 * a.getImag(i, k));
            }
        }
        ZMatrixRMaj x = new ZMatrixRMaj(n, n);
        CommonOps_ZDRM.solve(lhs, rhs, x);
        return x;
    }

    private static ZMatrixRMaj bilinearB(ZMatrixRMaj a, ZMatrixRMaj b, double dt) {
        int n = a.numRows;
        ZMatrixRMaj lhs = CommonOps_ZDRM.identity(n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                lhs.set(i, k, lhs.getReal(i, k) - dt / 2 * a.getReal(i, k), lhs.getImag(i, k) - dt / 2 * a.getImag(i, k));
            }
        }
        ZMatrixRMaj rhs = b.copy();
        CommonOps_ZDRM.scale(dt, 0, rhs);
        ZMatrixRMaj x = new ZMatrixRMaj(n, 1);
        CommonOps_ZDRM.solve(lhs, rhs, x);
        return x;
    }

    private static ZMatrixRMaj power(ZMatrixRMaj a, int e) {
        ZMatrixRMaj result = CommonOps_ZDRM.identity(a.numRows);
        ZMatrixRMaj base = a.copy();
        ZMatrixRMaj tmp = new ZMatrixRMaj(a.numRows, a.numRows);
        while (e > 0) {
            if ((e & 1) != 0) {
                CommonOps_ZDRM.mult(result, base, tmp);
                result.setTo(tmp);
            }
            CommonOps_ZDRM.mult(base, base, tmp);
            base.setTo(tmp);
            e >>= 1;
        }
        return result;
    }

    private static ZMatrixRMaj identityMinus(ZMatrixRMaj a) {
        ZMatrixRMaj x = CommonOps_ZDRM.identity(a.numRows);
        CommonOps_ZDRM.subtract(x, a, x);
        return x;
    }

    /** S4D: 2 Re Σ C B̄ Ā^k with Ā, B̄ from their scalar formulas. */
    static Tensor diagonal(DiagonalKernel kernel, DiagonalSpec spec, int length, double rate) {
        int h = kernel.width();
        int ch = kernel.channels();
        int m = kernel.stateDict().get("lambda_re").size(1);
        double[] lre = values(kernel, "lambda_re");
        double[] lim = values(kernel, "lambda_im");
        double[] bre = values(kernel, "B");
        double[] bim = imag(kernel, "B");
        double[] cre = values(kernel, "C");
        double[] cim = imag(kernel, "C");
        double[] logDt = values(kernel, "log_dt");
        double[][][] out = new double[ch][h][length];
        for (int j = 0; j < h; j++) {
            double dt = Math.exp(logDt[j]) * rate;
            for (int i = 0; i < m; i++) {
                double lr = reLambda(lre[j * m + i], spec.realTransform());
                double li = lim[j * m + i];
                double[] aBar;
                double[] factor;   // B̄ / B
                if (spec.discretization() == Discretization.ZOH) {
                    double e = Math.exp(dt * lr);
                    aBar = new double[] {e * Math.cos(dt * li), e * Math.sin(dt * li)};
                    factor = div(aBar[0] - 1, aBar[1], lr, li);
                } else {
                    double alpha = spec.discretization().alpha();
                    double[] num = {1 + (1 - alpha) * dt * lr, (1 - alpha) * dt * li};
                    double[] den = {1 - alpha * dt * lr, -alpha * dt * li};
                    aBar = div(num[0], num[1], den[0], den[1]);
                    factor = div(dt, 0, den[0], den[1]);
                }
                double br = factor[0] * bre[j * m + i] - factor[1] * bim[j * m + i];
                double bi = factor[0] * bim[j * m + i] + factor[1] * bre[j * m + i];
                for (int c = 0; c < ch; c++) {
                    int at = (c * h + j) * m + i;
                    double xr = br;
                    double xi = bi;
                    for (int k = 0; k < length; k++) {
                        out[c][j][k] += 2 * (cre[at] * xr - cim[at] * xi);
                        double t = aBar[0] * xr - aBar[1] * xi;
                        xi = aBar[0] * xi + aBar[1] * xr;
                        xr = t;
                    }
                }
            }
        }
        return tensor(out);
    }

    private static double[] div(double ar, double ai, double br, double bi) {
        double d = br * br + bi * bi;
        return new double[] {(ar * br + ai * bi) / d, (ai * br - ar * bi) / d};
    }

    /** LSSL: GBT by an EJML solve; ZOH by integrating x' = Ax (+ B) over one step with RK4. */
    static Tensor dense(DenseKernel kernel, DenseSpec spec, int length, double rate) {
        int h = kernel.width();
        int ch = kernel.channels();
        int n = spec.stateSize();
        DMatrixRMaj a = new DMatrixRMaj(n, n, true, values(kernel, "A"));
        double[] b = values(kernel, "B");
        double[] c = values(kernel, "C");
        double[] logDt = values(kernel, "log_dt");
        double[][][] out = new double[ch][h][length];
        for (int j = 0; j < h; j++) {
            double dt = Math.exp(logDt[j]) * rate;
            DMatrixRMaj aBar = new DMatrixRMaj(n, n);
            DMatrixRMaj bBar = new DMatrixRMaj(n, 1);
            if (spec.discretization() == Discretization.ZOH) {
                for (int col = 0; col < n; col++) {
                    double[] e = new double[n];
                    e[col] = 1;
                    double[] x = integrate(a, e, null, dt);
                    for (int i = 0; i < n; i++) {
                        aBar.set(i, col, x[i]);
                    }
                }
                double[] x = integrate(a, new double[n], b, dt);
                for (int i = 0; i < n; i++) {
                    bBar.set(i, 0, x[i]);
                }
            } else {
                double alpha = spec.discretization().alpha();
                DMatrixRMaj lhs = CommonOps_DDRM.identity(n);
                DMatrixRMaj rhs = new DMatrixRMaj(n, n + 1);
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) {
                        lhs.add(i, k, -alpha * dt * a.get(i, k));
                        rhs.set(i, k, (i == k ? 1 : 0) + (1 - alpha) * dt * a.get(i, k));
                    }
                    rhs.set(i, n, dt * b[i]);
                }
                DMatrixRMaj x = new DMatrixRMaj(n, n + 1);
                CommonOps_DDRM.solve(lhs, rhs, x);
                CommonOps_DDRM.extract(x, 0, n, 0, n, aBar, 0, 0);
                CommonOps_DDRM.extract(x, 0, n, n, n + 1, bBar, 0, 0);
            }
            for (int k = 0; k < ch; k++) {
                double[] state = bBar.getData().clone();
                for (int step = 0; step < length; step++) {
                    double y = 0;
                    for (int i = 0; i < n; i++) {
                        y += c[(k * h + j) * n + i] * state[i];
                    }
                    out[k][j][step] = y;
                    double[] next = new double[n];
                    for (int i = 0; i < n; i++) {
                        for (int q = 0; q < n; q++) {
                            next[i] += aBar.get(i, q) * state[q];
                        }
                    }
                    state = next;
                }
            }
        }
        return tensor(out);
    }

    /** x(Δ) for x' = Ax + b (b may be null), x(0) = x0, by RK4 with 2000 steps. */
    private static double[] integrate(DMatrixRMaj a, double[] x0, double[] b, double dt) {
        int n = x0.length;
        int steps = 2000;
        double h = dt / steps;
        double[] x = x0.clone();
        for (int s = 0; s < steps; s++) {
            double[] k1 = field(a, x, b);
            double[] k2 = field(a, axpy(x, k1, h / 2), b);
            double[] k3 = field(a, axpy(x, k2, h / 2), b);
            double[] k4 = field(a, axpy(x, k3, h), b);
            for (int i = 0; i < n; i++) {
                x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }
        return x;
    }

    private static double[] field(DMatrixRMaj a, double[] x, double[] b) {
        int n = x.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b == null ? 0 : b[i];
            for (int k = 0; k < n; k++) {
                s += a.get(i, k) * x[k];
            }
            d[i] = s;
        }
        return d;
    }

    private static double[] axpy(double[] x, double[] y, double s) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] += s * y[i];
        }
        return r;
    }
}

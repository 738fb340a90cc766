package dev.s4j.ssm.hippo;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.ejml.dense.row.decompose.hessenberg.TridiagonalDecompositionHouseholder_ZDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The normal-plus-low-rank (NPLR) form of a HiPPO matrix, diagonalized (S4 §3.1, Theorem 1):
 * <pre>
 *   A = S − P Pᵀ,  S = V Λ V*  (V unitary)   ⇒   V* A V = Λ − P̃ P̃*,  P̃ = V* P,  B̃ = V* B
 * </pre>
 * computed in float64. A is real, so the eigenvalues come in conjugate pairs (λ, λ̄) whose
 * eigenvectors are conjugates; only the member with Im λ &gt; 0 of each pair is kept (N/2 modes),
 * and every sum over the state accounts for the conjugate partner.
 *
 * <p>EJML has no complex eigensolver, so S = c·I + K (K skew-symmetric) is diagonalized through
 * the Hermitian matrix {@code H = −iK}: a complex Householder tridiagonalization
 * {@code H = Q T Q*}, a diagonal phase scaling that makes T's off-diagonal real, and the
 * symmetric QR algorithm on that real tridiagonal matrix. Then {@code S = V (c + iμ) V*}.
 *
 * @param lambdaRe real parts of the kept eigenvalues Λ (N/2)
 * @param lambdaIm imaginary parts (N/2, ≥ 0; 0 only for paired real eigenvalues)
 * @param pRe      real parts of P̃ (r × N/2)
 * @param pIm      imaginary parts of P̃ (r × N/2)
 * @param bRe      real parts of B̃ (N/2)
 * @param bIm      imaginary parts of B̃ (N/2)
 * @param vRe      real parts of the full unitary V (N × N, vRe[i][k]): kept eigenvectors (columns
 *                 0 … N/2 − 1), then their conjugates
 * @param vIm      imaginary parts of V
 */
public record Nplr(double[] lambdaRe, double[] lambdaIm, double[][] pRe, double[][] pIm, double[] bRe, double[] bIm,
                   double[][] vRe, double[][] vIm) {

    /** The NPLR form of the HiPPO operator {@code measure} (window θ = 1) with state size n (even). */
    public static Nplr of(HippoMeasure measure, int n) {
        Hippo.Matrices m = Hippo.of(measure, n);
        return decompose(m.a(), m.b(), Hippo.lowRank(measure, n, 1.0));
    }

    /** Number of kept modes, N/2. */
    public int modes() {
        return lambdaRe.length;
    }

    /** Rank r of the low-rank term. */
    public int rank() {
        return pRe.length;
    }

    /**
     * The same form in the basis the official S4 code's {@code nplr} gets from LAPACK, where each
     * kept eigenvector's first entry is real, with Im B̃ clipped to [−clip, clip] there (its
     * {@code B_clip}; at N = 64 LegS this changes the 11 fastest of 32 modes). Rotating a mode's
     * eigenvector by e^{−iα} multiplies its B̃ and P̃ by e^{iα}, which leaves Λ − P̃P̃* the same
     * operator; only the clip changes B. A mode whose first entry is 0 keeps its phase.
     */
    public Nplr officialBasis(double clip) {
        int n = vRe.length;
        int half = modes();
        double[][] wRe = new double[n][];
        double[][] wIm = new double[n][];
        for (int i = 0; i < n; i++) {
            wRe[i] = vRe[i].clone();
            wIm[i] = vIm[i].clone();
        }
        double[][] pre = new double[rank()][];
        double[][] pim = new double[rank()][];
        for (int j = 0; j < rank(); j++) {
            pre[j] = pRe[j].clone();
            pim[j] = pIm[j].clone();
        }
        double[] bre = bRe.clone();
        double[] bim = bIm.clone();
        for (int k = 0; k < half; k++) {
            double mag = Math.hypot(vRe[0][k], vIm[0][k]);
            if (mag > 0) {
                double cr = vRe[0][k] / mag;                               // e^{iα}
                double ci = vIm[0][k] / mag;
                for (int i = 0; i < n; i++) {                              // column k · e^{−iα}, its conjugate · e^{iα}
                    double xr = vRe[i][k];
                    double xi = vIm[i][k];
                    wRe[i][k] = xr * cr + xi * ci;
                    wIm[i][k] = xi * cr - xr * ci;
                    wRe[i][k + half] = wRe[i][k];
                    wIm[i][k + half] = -wIm[i][k];
                }
                for (int j = 0; j < rank(); j++) {                         // P̃ · e^{iα}
                    double xr = pre[j][k];
                    pre[j][k] = xr * cr - pim[j][k] * ci;
                    pim[j][k] = xr * ci + pim[j][k] * cr;
                }
                double xr = bre[k];
                bre[k] = xr * cr - bim[k] * ci;
                bim[k] = xr * ci + bim[k] * cr;
            }
            bim[k] = Math.max(-clip, Math.min(clip, bim[k]));
        }
        return new Nplr(lambdaRe.clone(), lambdaIm.clone(), pre, pim, bre, bim, wRe, wIm);
    }

    /**
     * Diagonalizes {@code a + p pᵀ}, which must be c·I plus a skew-symmetric matrix, and projects
     * p and b onto its eigenvectors.
     *
     * @param a real N × N (N even), a[i][k]
     * @param b real N
     * @param p real N × r, p[i][j]
     */
    public static Nplr decompose(double[][] a, double[] b, double[][] p) {
        int n = a.length;
        if (n % 2 != 0 || n == 0 || a[0].length != n) {
            throw new IllegalArgumentException("nplr: A must be square with an even size (conjugate pairs), got "
                    + n + "×" + (n == 0 ? 0 : a[0].length));
        }
        DMatrixRMaj s = new DMatrixRMaj(a);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < p[i].length; j++) {
                    s.add(i, k, p[i][j] * p[k][j]);
                }
            }
        }
        double c = 0;
        for (int i = 0; i < n; i++) {
            c += s.get(i, i) / n;
        }
        // K = S − cI must be skew-symmetric; H = −iK is then Hermitian.
        double scale = 0;
        double asym = 0;
        ZMatrixRMaj h = new ZMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double kik = s.get(i, k) - (i == k ? c : 0);
                scale = Math.max(scale, Math.abs(kik));
                asym = Math.max(asym, Math.abs(kik + s.get(k, i) - (i == k ? c : 0)));
                h.set(i, k, 0, -kik);
            }
        }
        if (asym > 1e-10 * Math.max(1, scale)) {
            throw new IllegalArgumentException("nplr: A + P Pᵀ is not c·I plus a skew-symmetric matrix (asymmetry "
                    + asym + "); the low-rank factor does not fit A");
        }
        double[] mu = new double[n];
        ZMatrixRMaj u = hermitianEigen(h, n, mu);
        return pairUp(c, mu, u, b, p);
    }

    /** Orthonormal eigenvectors (columns) of a Hermitian matrix; eigenvalues into {@code mu}. */
    private static ZMatrixRMaj hermitianEigen(ZMatrixRMaj h, int n, double[] mu) {
        ZMatrixRMaj t;
        ZMatrixRMaj q;
        if (n <= 2) {
            // Already tridiagonal (EJML's Householder tridiagonalization indexes out of bounds at n = 2).
            t = h.copy();
            q = CommonOps_ZDRM.identity(n);
        } else {
            TridiagonalDecompositionHouseholder_ZDRM tri = new TridiagonalDecompositionHouseholder_ZDRM();
            if (!tri.decompose(h.copy())) {
                throw new IllegalStateException("nplr: tridiagonalization failed");
            }
            t = tri.getT(null);
            q = tri.getQ(null, false);
        }
        // Phases d_k with d_{k+1} = d_k · t_{k+1,k}/|t_{k+1,k}| make D* T D real (|t| off the diagonal).
        double[] dRe = new double[n];
        double[] dIm = new double[n];
        dRe[0] = 1;
        DMatrixRMaj real = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            real.set(k, k, t.getReal(k, k));
            if (k + 1 < n) {
                double tr = t.getReal(k + 1, k);
                double ti = t.getImag(k + 1, k);
                double mag = Math.hypot(tr, ti);
                double pr = mag == 0 ? 1 : tr / mag;
                double pi = mag == 0 ? 0 : ti / mag;
                dRe[k + 1] = dRe[k] * pr - dIm[k] * pi;
                dIm[k + 1] = dRe[k] * pi + dIm[k] * pr;
                real.set(k + 1, k, mag);
                real.set(k, k + 1, mag);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(real)) {
            throw new IllegalStateException("nplr: symmetric eigen decomposition failed");
        }
        // V = Q · D · W
        ZMatrixRMaj dw = new ZMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            mu[k] = eig.getEigenvalue(k).real;
            DMatrixRMaj w = eig.getEigenVector(k);
            for (int i = 0; i < n; i++) {
                dw.set(i, k, dRe[i] * w.get(i, 0), dIm[i] * w.get(i, 0));
            }
        }
        ZMatrixRMaj v = new ZMatrixRMaj(n, n);
        CommonOps_ZDRM.mult(q, dw, v);
        return v;
    }

    /**
     * Keeps the eigenvectors with μ &gt; 0 (sorted by decreasing μ) and uses their conjugates for
     * the partners. Modes with μ = 0 (real eigenvalues, e.g. FouT's constant term) are their own
     * conjugates: their eigenspace is real, so a real orthonormal basis r₁, r₂, … of it is paired
     * as (r₁ + i r₂)/√2 and its conjugate.
     */
    private static Nplr pairUp(double c, double[] mu, ZMatrixRMaj u, double[] b, double[][] p) {
        int n = mu.length;
        int half = n / 2;
        double top = 0;
        for (double m : mu) {
            top = Math.max(top, Math.abs(m));
        }
        double tol = 1e-9 * Math.max(1, top);
        java.util.List<Integer> positive = new java.util.ArrayList<>();
        java.util.List<Integer> zero = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (Math.abs(mu[k]) <= tol) {
                zero.add(k);
            } else if (mu[k] > 0) {
                positive.add(k);
            }
        }
        positive.sort((x, y) -> Double.compare(mu[y], mu[x]));
        if (zero.size() % 2 != 0 || positive.size() + zero.size() / 2 != half) {
            throw new IllegalArgumentException("nplr: eigenvalues do not split into conjugate pairs (" + positive.size()
                    + " with Im λ > 0, " + zero.size() + " real, N = " + n + ")");
        }
        ZMatrixRMaj v = new ZMatrixRMaj(n, n);
        double[] lre = new double[half];
        double[] lim = new double[half];
        int k = 0;
        for (int col : positive) {
            lre[k] = c;
            lim[k] = mu[col];
            for (int i = 0; i < n; i++) {
                v.set(i, k, u.getReal(i, col), u.getImag(i, col));
                v.set(i, k + half, u.getReal(i, col), -u.getImag(i, col));
            }
            k++;
        }
        double[][] real = realBasis(u, zero, n);
        for (int j = 0; j + 1 < real.length; j += 2, k++) {
            lre[k] = c;
            lim[k] = 0;
            double s = Math.sqrt(0.5);
            for (int i = 0; i < n; i++) {
                v.set(i, k, s * real[j][i], s * real[j + 1][i]);
                v.set(i, k + half, s * real[j][i], -s * real[j + 1][i]);
            }
        }
        int r = p[0].length;
        double[][] pre = new double[r][half];
        double[][] pim = new double[r][half];
        double[] bre = new double[half];
        double[] bim = new double[half];
        for (int mode = 0; mode < half; mode++) {
            for (int i = 0; i < n; i++) {
                // (V* x)_mode = Σ_i conj(V_i,mode) x_i
                double vr = v.getReal(i, mode);
                double vi = -v.getImag(i, mode);
                for (int j = 0; j < r; j++) {
                    pre[j][mode] += vr * p[i][j];
                    pim[j][mode] += vi * p[i][j];
                }
                bre[mode] += vr * b[i];
                bim[mode] += vi * b[i];
            }
        }
        double[][] vre = new double[n][n];
        double[][] vim = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int col = 0; col < n; col++) {
                vre[i][col] = v.getReal(i, col);
                vim[i][col] = v.getImag(i, col);
            }
        }
        return new Nplr(lre, lim, pre, pim, bre, bim, vre, vim);
    }

    /**
     * A real orthonormal basis of the span of the given (complex) eigenvector columns, which is
     * real because K is: Gram–Schmidt over their real and imaginary parts.
     */
    private static double[][] realBasis(ZMatrixRMaj u, java.util.List<Integer> cols, int n) {
        java.util.List<double[]> basis = new java.util.ArrayList<>();
        for (int col : cols) {
            for (int part = 0; part < 2; part++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = part == 0 ? u.getReal(i, col) : u.getImag(i, col);
                }
                for (int pass = 0; pass < 2; pass++) {
                    for (double[] e : basis) {
                        double d = 0;
                        for (int i = 0; i < n; i++) {
                            d += e[i] * x[i];
                        }
                        for (int i = 0; i < n; i++) {
                            x[i] -= d * e[i];
                        }
                    }
                }
                double norm = 0;
                for (double xi : x) {
                    norm += xi * xi;
                }
                norm = Math.sqrt(norm);
                if (norm > 1e-6 && basis.size() < cols.size()) {
                    for (int i = 0; i < n; i++) {
                        x[i] /= norm;
                    }
                    basis.add(x);
                }
            }
        }
        if (basis.size() != cols.size()) {
            throw new IllegalStateException("nplr: real eigenspace of dimension " + cols.size() + " gave " + basis.size()
                    + " real vectors");
        }
        return basis.toArray(new double[0][]);
    }
}

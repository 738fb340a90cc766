package dev.s4j.ssm.hippo;

/**
 * HiPPO transition matrices A (N×N) and input vectors B (N) in float64, as used in the LTI form
 * {@code x' = A x + B u} (LSSL §4, S4 §2.2). Each is derived from its measure: the state holds the
 * coefficients {@code c_n(t) = ∫ f(s) p_n(s) ω(t, s) ds} of the input history in an orthonormal
 * basis {p_n}, and differentiating in t gives a linear ODE in c.
 *
 * <ul>
 *   <li>LegS: {@code A_nk = −√(2n+1)√(2k+1)} (n > k), {@code −(n+1)} (n = k), 0 (n < k);
 *       {@code B_n = √(2n+1)}. The exact dynamics of LegS are {@code c' = (A c + B f)/t}; S4 uses
 *       the same matrices time-invariantly.</li>
 *   <li>LegT (window θ, basis {@code √(2n+1) P_n(2x − 1)} on x = (s − t + θ)/θ):
 *       {@code A_nk = −(1/θ)√(2n+1)√(2k+1)·(1 if k < n, (−1)^{n−k} if k ≥ n)},
 *       {@code B_n = √(2n+1)/θ}. Exact for inputs that are polynomials of degree &lt; N.</li>
 *   <li>LagT (measure e^{−(t−s)}, Laguerre basis L_n(t − s)): {@code A_nk = −1} (k ≤ n), 0
 *       otherwise; {@code B_n = 1}. Exact.</li>
 *   <li>FouT (window θ, basis 1, √2 cos 2πkx, √2 sin 2πkx, …):
 *       {@code A = −(1/θ)(D + p₀p₀ᵀ)}, {@code B = p₀/θ}, with D the derivative of the basis
 *       ({@code d/dx cos = −2πk sin}, {@code d/dx sin = 2πk cos}) and p₀ the basis at x = 0.
 *       Exact for θ-periodic trigonometric polynomials inside the basis.</li>
 * </ul>
 */
public final class Hippo {
    private Hippo() {
    }

    /**
     * A and B of a HiPPO operator.
     *
     * @param a A (N × N), a[n][k]
     * @param b B (N)
     */
    public record Matrices(double[][] a, double[] b) {
    }

    /** LegS or LagT (no window), or LegT and FouT with window θ = 1. */
    public static Matrices of(HippoMeasure measure, int n) {
        return of(measure, n, 1.0);
    }

    /**
     * The matrices of {@code measure} for state size {@code n}; {@code theta} is the window length
     * of LegT and FouT (ignored by LegS and LagT).
     */
    public static Matrices of(HippoMeasure measure, int n, double theta) {
        if (n < 1) {
            throw new IllegalArgumentException("hippo: state size must be positive, got " + n);
        }
        if (!(theta > 0)) {
            throw new IllegalArgumentException("hippo: window θ must be positive, got " + theta);
        }
        return switch (measure) {
            case LEGS -> legs(n);
            case LEGT -> legt(n, theta);
            case LAGT -> lagt(n);
            case FOUT -> fout(n, theta);
        };
    }

    private static Matrices legs(int n) {
        double[][] a = new double[n][n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                a[i][k] = -Math.sqrt(2 * i + 1) * Math.sqrt(2 * k + 1);
            }
            a[i][i] = -(i + 1);
            b[i] = Math.sqrt(2 * i + 1);
        }
        return new Matrices(a, b);
    }

    private static Matrices legt(int n, double theta) {
        double[][] a = new double[n][n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double sign = k < i ? 1 : ((i - k) % 2 == 0 ? 1 : -1);
                a[i][k] = -Math.sqrt(2 * i + 1) * Math.sqrt(2 * k + 1) * sign / theta;
            }
            b[i] = Math.sqrt(2 * i + 1) / theta;
        }
        return new Matrices(a, b);
    }

    private static Matrices lagt(int n) {
        double[][] a = new double[n][n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                a[i][k] = -1;
            }
            b[i] = 1;
        }
        return new Matrices(a, b);
    }

    /** Fourier basis order: p₀ = 1, then (√2 cos 2πkx, √2 sin 2πkx) for k = 1, 2, … */
    private static Matrices fout(int n, double theta) {
        double[][] a = new double[n][n];
        double[] b = new double[n];
        double[] p0 = fourierAtZero(n);
        for (int i = 1; i < n; i++) {
            int k = (i + 1) / 2;
            boolean cos = i % 2 == 1;
            // ∫ f p_i' : d/dx cos(2πkx) = −2πk sin(2πkx), d/dx sin(2πkx) = 2πk cos(2πkx)
            if (cos && i + 1 < n) {
                a[i][i + 1] = -(-2 * Math.PI * k) / theta;
            } else if (!cos) {
                a[i][i - 1] = -(2 * Math.PI * k) / theta;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                a[i][k] += -p0[i] * p0[k] / theta;
            }
            b[i] = p0[i] / theta;
        }
        return new Matrices(a, b);
    }

    /**
     * The low-rank factor P (N × r, p[n][j]) of the normal-plus-low-rank form {@code A = S − P Pᵀ}, with
     * {@code S = c·I + (skew-symmetric)} normal (S4 §3.1, Theorem 1):
     * LegS {@code P_n = √(n + ½)} (r = 1, c = −½); LegT {@code P = [√(2n+1), (−1)ⁿ√(2n+1)]/√(2θ)}
     * (r = 2, c = 0); LagT {@code P_n = 1/√2} (r = 1, c = −½); FouT {@code P = p₀/√θ} (r = 1, c = 0).
     */
    public static double[][] lowRank(HippoMeasure measure, int n, double theta) {
        double[][] p = new double[n][measure == HippoMeasure.LEGT ? 2 : 1];
        double[] p0 = fourierAtZero(n);
        for (int i = 0; i < n; i++) {
            switch (measure) {
                case LEGS -> p[i][0] = Math.sqrt(i + 0.5);
                case LEGT -> {
                    double r = Math.sqrt((2 * i + 1) / (2 * theta));
                    p[i][0] = r;
                    p[i][1] = i % 2 == 0 ? r : -r;
                }
                case LAGT -> p[i][0] = Math.sqrt(0.5);
                case FOUT -> p[i][0] = p0[i] / Math.sqrt(theta);
            }
        }
        return p;
    }

    /** The Fourier basis evaluated at x = 0: 1, then √2 for cosines and 0 for sines. */
    static double[] fourierAtZero(int n) {
        double[] p = new double[n];
        p[0] = 1;
        for (int i = 1; i < n; i++) {
            p[i] = i % 2 == 1 ? Math.sqrt(2) : 0;
        }
        return p;
    }
}

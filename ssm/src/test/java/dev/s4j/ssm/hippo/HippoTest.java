package dev.s4j.ssm.hippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The defining property of each HiPPO operator: integrating its ODE with an input f gives, at
 * time T, the coefficients of f's history in the measure's basis, computed here independently by
 * quadrature.
 */
class HippoTest {

    /** Derivative of the state at time t. */
    @FunctionalInterface
    interface Field {
        double[] at(double t, double[] c);
    }

    /** Classical Runge–Kutta from t0 to t1 with steps no longer than h(t). */
    static double[] rk4(Field f, double[] c0, double t0, double t1, DoubleUnaryOperator h) {
        double[] c = c0.clone();
        double t = t0;
        while (t < t1 - 1e-15) {
            double dt = Math.min(h.applyAsDouble(t), t1 - t);
            double[] k1 = f.at(t, c);
            double[] k2 = f.at(t + dt / 2, axpy(c, k1, dt / 2));
            double[] k3 = f.at(t + dt / 2, axpy(c, k2, dt / 2));
            double[] k4 = f.at(t + dt, axpy(c, k3, dt));
            for (int i = 0; i < c.length; i++) {
                c[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
            t += dt;
        }
        return c;
    }

    private static double[] axpy(double[] x, double[] y, double a) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] += a * y[i];
        }
        return r;
    }

    /** A x + B u. */
    static double[] linear(double[][] a, double[] b, double[] x, double u) {
        int n = x.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i] * u;
            for (int k = 0; k < n; k++) {
                s += a[i][k] * x[k];
            }
            r[i] = s;
        }
        return r;
    }

    /** ∫ₐᵇ g by composite Simpson with m (even) panels. */
    static double integrate(DoubleUnaryOperator g, double a, double b, int m) {
        double h = (b - a) / m;
        double s = g.applyAsDouble(a) + g.applyAsDouble(b);
        for (int i = 1; i < m; i++) {
            s += (i % 2 == 1 ? 4 : 2) * g.applyAsDouble(a + i * h);
        }
        return s * h / 3;
    }

    /** Legendre P_n(y) by the three-term recurrence. */
    static double legendre(int n, double y) {
        double p0 = 1;
        double p1 = y;
        if (n == 0) {
            return p0;
        }
        for (int k = 1; k < n; k++) {
            double p2 = ((2 * k + 1) * y * p1 - k * p0) / (k + 1);
            p0 = p1;
            p1 = p2;
        }
        return p1;
    }

    /** Laguerre L_n(x) by the three-term recurrence. */
    static double laguerre(int n, double x) {
        double l0 = 1;
        double l1 = 1 - x;
        if (n == 0) {
            return l0;
        }
        for (int k = 1; k < n; k++) {
            double l2 = ((2 * k + 1 - x) * l1 - k * l0) / (k + 1);
            l0 = l1;
            l1 = l2;
        }
        return l1;
    }

    /** Coefficients of f on [0, t] in the scaled Legendre basis √(2n+1) P_n(2s/t − 1), measure ds/t. */
    static double[] legsProjection(DoubleUnaryOperator f, int n, double t) {
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            int kk = k;
            c[k] = integrate(x -> f.applyAsDouble(t * x) * Math.sqrt(2 * kk + 1) * legendre(kk, 2 * x - 1), 0, 1, 8000);
        }
        return c;
    }

    /** Coefficients of f on the window [t − θ, t] in the Legendre basis √(2n+1) P_n(2x − 1). */
    static double[] legtProjection(DoubleUnaryOperator f, int n, double t, double theta) {
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            int kk = k;
            c[k] = integrate(x -> f.applyAsDouble(t - theta + theta * x) * Math.sqrt(2 * kk + 1) * legendre(kk, 2 * x - 1),
                    0, 1, 4000);
        }
        return c;
    }

    @Test
    void legsStateIsTheLegendreProjectionOfTheWholeHistory() {
        int n = 16;
        Hippo.Matrices m = Hippo.of(HippoMeasure.LEGS, n);
        DoubleUnaryOperator f = s -> Math.sin(3 * s) + 0.5 * s * s;
        double t0 = 1e-3;
        double[] c0 = legsProjection(f, n, t0);
        // c' = (A c + B f(t)) / t
        double[] c = rk4((t, x) -> {
            double[] d = linear(m.a(), m.b(), x, f.applyAsDouble(t));
            for (int i = 0; i < n; i++) {
                d[i] /= t;
            }
            return d;
        }, c0, t0, 2, t -> t / 1000);
        double[] expected = legsProjection(f, n, 2);
        for (int k = 0; k < n; k++) {
            assertEquals(expected[k], c[k], 1e-9, "coefficient " + k);
        }
        // and the history is recoverable: f(s) ≈ Σ c_n √(2n+1) P_n(2s/T − 1) on [0, T]
        for (double s = 0.05; s < 2; s += 0.1) {
            double rec = 0;
            for (int k = 0; k < n; k++) {
                rec += c[k] * Math.sqrt(2 * k + 1) * legendre(k, s - 1);
            }
            assertEquals(f.applyAsDouble(s), rec, 1e-4, "reconstruction at s = " + s);
        }
    }

    @Test
    void lagtStateIsTheLaguerreProjectionUnderExponentialDecay() {
        int n = 12;
        Hippo.Matrices m = Hippo.of(HippoMeasure.LAGT, n);
        DoubleUnaryOperator f = s -> Math.sin(s) * Math.exp(-0.1 * s);
        double big = 5;
        double[] c = rk4((t, x) -> linear(m.a(), m.b(), x, f.applyAsDouble(t)), new double[n], 0, big, t -> 1e-3);
        for (int k = 0; k < n; k++) {
            int kk = k;
            double expected = integrate(s -> f.applyAsDouble(s) * laguerre(kk, big - s) * Math.exp(-(big - s)), 0, big, 8000);
            assertEquals(expected, c[k], 1e-9, "coefficient " + k);
        }
    }

    @Test
    void legtTracksTheSlidingWindowExactlyForPolynomials() {
        int n = 8;
        double theta = 1.5;
        Hippo.Matrices m = Hippo.of(HippoMeasure.LEGT, n, theta);
        DoubleUnaryOperator f = s -> s * s * s - 2 * s + 1;
        double[] c = rk4((t, x) -> linear(m.a(), m.b(), x, f.applyAsDouble(t)), legtProjection(f, n, 0, theta), 0, 3, t -> 1e-3);
        double[] expected = legtProjection(f, n, 3, theta);
        for (int k = 0; k < n; k++) {
            assertEquals(expected[k], c[k], 1e-9, "coefficient " + k);
        }
        // a non-polynomial input is tracked approximately, not exactly
        DoubleUnaryOperator g = Math::sin;
        double[] cg = rk4((t, x) -> linear(m.a(), m.b(), x, g.applyAsDouble(t)), legtProjection(g, n, 0, theta), 0, 3, t -> 1e-3);
        double[] eg = legtProjection(g, n, 3, theta);
        for (int k = 0; k < n; k++) {
            assertEquals(eg[k], cg[k], 1e-3, "coefficient " + k);
        }
    }

    @Test
    void foutTracksTheSlidingWindowExactlyForPeriodicInputs() {
        int n = 9;
        double theta = 1;
        Hippo.Matrices m = Hippo.of(HippoMeasure.FOUT, n, theta);
        DoubleUnaryOperator f = s -> Math.sin(2 * Math.PI * s) + 0.5 * Math.cos(4 * Math.PI * s) + 0.3;
        double[] c = rk4((t, x) -> linear(m.a(), m.b(), x, f.applyAsDouble(t)), fourierProjection(f, n, 0, theta), 0, 2.5,
                t -> 1e-3);
        double[] expected = fourierProjection(f, n, 2.5, theta);
        for (int k = 0; k < n; k++) {
            assertEquals(expected[k], c[k], 1e-9, "coefficient " + k);
        }
        // the input excites the constant, sin 2πx and cos 4πx modes
        assertTrue(Math.abs(expected[0]) > 0.1 && Math.abs(expected[2]) > 0.1 && Math.abs(expected[3]) > 0.1);
    }

    /** Coefficients on [t − θ, t] in the basis 1, √2 cos 2πkx, √2 sin 2πkx, … */
    static double[] fourierProjection(DoubleUnaryOperator f, int n, double t, double theta) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            int k = (i + 1) / 2;
            boolean cos = i % 2 == 1;
            int ii = i;
            c[i] = integrate(x -> f.applyAsDouble(t - theta + theta * x)
                    * (ii == 0 ? 1 : Math.sqrt(2) * (cos ? Math.cos(2 * Math.PI * k * x) : Math.sin(2 * Math.PI * k * x))), 0, 1, 4000);
        }
        return c;
    }
}

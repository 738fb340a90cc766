package dev.s4j.autograd.kernel;

/**
 * Special functions missing from {@link Math}: the error function and the normal distribution's
 * cdf and pdf, used by the exact GELU.
 */
public final class SpecialMath {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private SpecialMath() {
    }

    /**
     * erf(x) to about 1e-16 relative: for |x| &lt; 3 the everywhere-positive series
     * erf x = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)) (no cancellation), beyond that
     * 1 − erfc from the continued fraction.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 3) {
            double r = 1 - erfcContinuedFraction(ax);
            return x < 0 ? -r : r;
        }
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (Math.abs(term) <= 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc(x) = 1 − erf(x), accurate in the tail (continued fraction for x ≥ 3). */
    public static double erfc(double x) {
        if (x >= 3) {
            return erfcContinuedFraction(x);
        }
        return 1 - erf(x);
    }

    /** erfc(x) for x ≥ 3 by the Laplace continued fraction, evaluated with modified Lentz. */
    private static double erfcContinuedFraction(double x) {
        if (x > 27) {
            return 0;
        }
        // erfc x = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k * 0.5;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) * INV_SQRT_PI / f;
    }

    /**
     * erfc(x) to about 1.2e-7 relative everywhere, with one exponential: a Chebyshev-fitted
     * expression in t = 1/(1 + |x|/2) (Numerical Recipes' erfcc). Enough for float32.
     */
    public static double erfcFast(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double r = t * Math.exp(poly);
        return x >= 0 ? r : 2 - r;
    }

    /** Standard normal cdf Φ(x), accurate to double precision. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x * INV_SQRT2);
    }

    /** Standard normal cdf Φ(x) to about 1e-7 relative (float32 use). */
    public static double normalCdfFast(double x) {
        return 0.5 * erfcFast(-x * INV_SQRT2);
    }

    /** Standard normal pdf φ(x). */
    public static double normalPdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}

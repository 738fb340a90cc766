package dev.s4j.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** erf against numerical integration of its definition, and the fast float32 variant against it. */
class SpecialMathTest {

    /** (2/√π) ∫ₐᵇ e^{−t²} dt by composite Simpson over n panels, summed in pairs of halves to limit rounding. */
    private static double simpson(double a, double b, int n) {
        double h = (b - a) / n;
        double odd = 0;
        double even = 0;
        for (int i = 1; i < n; i++) {
            double t = a + i * h;
            if (i % 2 == 1) {
                odd += Math.exp(-t * t);
            } else {
                even += Math.exp(-t * t);
            }
        }
        double s = Math.exp(-a * a) + Math.exp(-b * b) + 4 * odd + 2 * even;
        return 2 / Math.sqrt(Math.PI) * s * h / 3;
    }

    @Test
    void erfMatchesItsDefinition() {
        for (double x = -5; x <= 5; x += 0.125) {
            assertEquals(simpson(0, x, 20000), SpecialMath.erf(x), 1e-14, "x = " + x);
        }
    }

    @Test
    void erfcKeepsRelativeAccuracyInTheTail() {
        // erfc(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt; beyond x + 20/x the integrand is below e^{−40}·e^{−x²}.
        // Panels of width 2e-4/x keep Simpson's relative error near 1e-16 at every x.
        for (double x = 3; x <= 20; x += 0.5) {
            double reference = simpson(x, x + 20 / x, 100_000);
            assertEquals(1, SpecialMath.erfc(x) / reference, 1e-13, "x = " + x);
        }
    }

    @Test
    void fastErfcIsGoodToSinglePrecision() {
        for (double x = -8; x <= 8; x += 0.01) {
            double exact = SpecialMath.erfc(x);
            double rel = Math.abs(SpecialMath.erfcFast(x) - exact) / exact;
            assertTrue(rel < 1.3e-7, "x = " + x + ": relative error " + rel);
        }
    }

    @Test
    void normalCdfIsSymmetricAndItsSlopeIsThePdf() {
        for (double x = -6; x <= 6; x += 0.25) {
            assertEquals(1, SpecialMath.normalCdf(x) + SpecialMath.normalCdf(-x), 1e-15);
            double h = 1e-5;
            double slope = (SpecialMath.normalCdf(x + h) - SpecialMath.normalCdf(x - h)) / (2 * h);
            assertEquals(SpecialMath.normalPdf(x), slope, 1e-9);
        }
    }
}

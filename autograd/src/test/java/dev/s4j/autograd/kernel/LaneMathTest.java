package dev.s4j.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LaneMath: accurate, in its stated order, and the same bits before and after the JIT compiles it. */
class LaneMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @BeforeEach
    void vectors() {
        assumeTrue(VectorSupport.available(), "Vector API not in use");
    }

    /** The sum in LaneMath's order, in scalar code: lanes i and i ^ h added for h = W/2, …, 1. */
    private static float pairwise(float[] lanes) {
        float[] a = lanes.clone();
        for (int h = a.length / 2; h >= 1; h /= 2) {
            float[] b = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                b[i] = a[i] + a[i ^ h];
            }
            a = b;
        }
        return a[0];
    }

    @Test
    void sumAddsTheLanesPairwiseHalvesFirst() {
        Random random = new Random(1);
        for (int t = 0; t < 1000; t++) {
            float[] lanes = new float[S.length()];
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4));
            }
            assertEquals(Float.floatToIntBits(pairwise(lanes)), Float.floatToIntBits(LaneMath.sum(FloatVector.fromArray(S, lanes, 0))));
        }
    }

    @Test
    void theSumOfStoredLanesGivesTheBitsOfTheVectorSum() {
        Random random = new Random(4);
        float[] lanes = new float[3 * S.length()];
        for (int t = 0; t < 1000; t++) {
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4));
            }
            for (int q = 0; q < 3; q++) {
                assertEquals(Float.floatToIntBits(LaneMath.sum(FloatVector.fromArray(S, lanes, q * S.length()))),
                        Float.floatToIntBits(LaneMath.sum(lanes, q * S.length())), "vector " + q);
            }
        }
    }

    @Test
    void expIsWithinThreeUlpOfMathExpOverItsRange() {
        Random random = new Random(2);
        float[] x = new float[S.length()];
        float[] y = new float[S.length()];
        double worst = 0;
        for (int t = 0; t < 100_000; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = -87f + 175f * random.nextFloat();
            }
            LaneMath.exp(FloatVector.fromArray(S, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                double exact = Math.exp(x[i]);
                worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp((float) exact));
            }
        }
        assertTrue(worst <= 3, "worst error " + worst + " ulp");
        float[] special = new float[S.length()];
        special[0] = Float.NaN;
        special[1] = Float.NEGATIVE_INFINITY;
        special[2] = 0f;
        special[3] = 200f;
        LaneMath.exp(FloatVector.fromArray(S, special, 0)).intoArray(y, 0);
        assertTrue(Float.isNaN(y[0]));
        assertTrue(y[1] >= 0 && y[1] < 2e-38f, "exp(−∞) clamps to a tiny value: " + y[1]);
        assertEquals(1f, y[2]);
        assertTrue(Float.isFinite(y[3]) && y[3] > 1e38f, "exp(200) clamps to exp(88): " + y[3]);
    }

    /** LaneMath.exp's operations one lane at a time in scalar code (each an exact IEEE operation). */
    private static float scalarExp(float x) {
        float c = Math.min(Math.max(x, -87f), 88f);
        float t = Math.fma(c, 1.44269504088896341f, 12582912f);
        float n = t - 12582912f;
        float r = Math.fma(n, -0.693359375f, c);
        r = Math.fma(n, 2.12194440e-4f, r);
        float p = 1.9875691500e-4f;
        p = Math.fma(p, r, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        float y = Math.fma(p, r * r, r) + 1f;
        return y * Float.intBitsToFloat((Float.floatToRawIntBits(t) - Float.floatToRawIntBits(12582912f) + 127) << 23);
    }

    /**
     * Every result equals a scalar replica of the same IEEE operations bit for bit, from the first
     * calls (interpreted, or however far the JIT has got) to after 200,000 calls (compiled): the
     * bits cannot depend on the JIT.
     */
    @Test
    void theSameBitsWhateverTheJitHasCompiled() {
        Random random = new Random(3);
        float[] x = new float[S.length()];
        float[] y = new float[S.length()];
        for (int t = 0; t < 200_000; t++) {
            if (t % 20_000 == 0) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian() * 20;
                }
            }
            FloatVector v = FloatVector.fromArray(S, x, 0);
            float sum = LaneMath.sum(v);
            LaneMath.exp(v).intoArray(y, 0);
            if (t % 20_000 == 0 || t == 199_999) {
                assertEquals(Float.floatToIntBits(pairwise(x)), Float.floatToIntBits(sum), "sum at call " + t);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.floatToIntBits(scalarExp(x[i])), Float.floatToIntBits(y[i]), "exp of " + x[i] + " at call " + t);
                }
            }
        }
    }
}

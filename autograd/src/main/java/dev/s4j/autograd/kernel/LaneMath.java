package dev.s4j.autograd.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane operations that give the same bits however the JIT has compiled the calling code. The
 * Vector API leaves two of its operations free to differ: {@code reduceLanes(ADD)} adds the lanes
 * in an unspecified order (the compiled intrinsic and the interpreted fallback do not agree), and
 * {@code lanewise(EXP)} runs on the platform's vector math library when compiled and on
 * {@link Math#exp} otherwise. Both made a training run's bits depend on when the JIT compiled
 * what. Here the sum adds the two halves of the vector, then of the half, and so on (a fixed
 * tree of exact IEEE additions), and exp is a polynomial of IEEE operations only. Only loaded
 * when {@link VectorSupport#available()}.
 */
final class LaneMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    /** Shuffles exchanging lane i with lane i ^ h, for h = 8, 4, 2, 1 (null where h ≥ W). */
    private static final VectorShuffle<Float> SWAP8 = swap(8);
    private static final VectorShuffle<Float> SWAP4 = swap(4);
    private static final VectorShuffle<Float> SWAP2 = swap(2);
    private static final VectorShuffle<Float> SWAP1 = swap(1);
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding and subtracting it rounds a float of magnitude below 2²² to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    // exp's constants as vectors, made once (fewer calls in exp keep it small enough to inline twice in one loop)
    private static final FloatVector V_LOG2E = FloatVector.broadcast(S, LOG2E);
    private static final FloatVector V_ROUND = FloatVector.broadcast(S, ROUND);
    private static final FloatVector V_MINUS_LN2_HI = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector V_MINUS_LN2_LO = FloatVector.broadcast(S, -LN2_LO);
    private static final FloatVector V_ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector V_P0 = FloatVector.broadcast(S, 1.9875691500e-4f);
    private static final FloatVector V_P1 = FloatVector.broadcast(S, 1.3981999507e-3f);
    private static final FloatVector V_P2 = FloatVector.broadcast(S, 8.3334519073e-3f);
    private static final FloatVector V_P3 = FloatVector.broadcast(S, 4.1665795894e-2f);
    private static final FloatVector V_P4 = FloatVector.broadcast(S, 1.6666665459e-1f);
    private static final FloatVector V_P5 = FloatVector.broadcast(S, 5.0000001201e-1f);

    private LaneMath() {
    }

    private static VectorShuffle<Float> swap(int h) {
        return h < W ? VectorShuffle.fromOp(S, i -> i ^ h) : null;
    }

    /**
     * The sum of the lanes of {@code v} in a fixed order: lanes i and i ^ 8 first, then i ^ 4,
     * i ^ 2 and i ^ 1 (for vectors of up to 16 lanes, without allocating; wider ones the same way
     * in a loop).
     */
    static float sum(FloatVector v) {
        if (W > 16) {
            return sumWide(v);
        }
        FloatVector acc = v;
        if (W > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (W > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        return acc.add(acc.rearrange(SWAP1)).lane(0);
    }

    /**
     * The sum of the W floats at {@code lanes[at …]} in {@link #sum}'s order, in scalar code: for
     * vectors already stored, and where passing vectors to a method the JIT might not inline
     * would cost more than the sum.
     */
    static float sum(float[] lanes, int at) {
        float[] a = lanes;
        if (W == 16) {
            float s0 = (a[at] + a[at + 8]) + (a[at + 4] + a[at + 12]);
            float s1 = (a[at + 2] + a[at + 10]) + (a[at + 6] + a[at + 14]);
            float s2 = (a[at + 1] + a[at + 9]) + (a[at + 5] + a[at + 13]);
            float s3 = (a[at + 3] + a[at + 11]) + (a[at + 7] + a[at + 15]);
            return (s0 + s1) + (s2 + s3);
        }
        if (W == 8) {
            return ((a[at] + a[at + 4]) + (a[at + 2] + a[at + 6])) + ((a[at + 1] + a[at + 5]) + (a[at + 3] + a[at + 7]));
        }
        if (W == 4) {
            return (a[at] + a[at + 2]) + (a[at + 1] + a[at + 3]);
        }
        return sum(FloatVector.fromArray(S, lanes, at));
    }

    /** {@link #sum} for more than 16 lanes (kept apart so that the common case stays small enough to inline). */
    private static float sumWide(FloatVector v) {
        FloatVector acc = v;
        for (int h = W / 2; h >= 1; h /= 2) {
            int half = h;
            acc = acc.add(acc.rearrange(VectorShuffle.fromOp(S, i -> i ^ half)));
        }
        return acc.lane(0);
    }

    /**
     * e^x lane by lane, to about 2 ulp (Cody–Waite reduction x = n·ln 2 + r, Cephes' degree-6
     * polynomial for e^r, then the exponent field set to n). Arguments are clamped to [−87, 88],
     * so the result lies in [1.6e-38, 1.7e38]; NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87f).min(88f);
        // t = 1.5·2²³ + n with n = round(c·log₂e): t's bits are those of 1.5·2²³ plus n
        FloatVector t = c.fma(V_LOG2E, V_ROUND);
        FloatVector n = t.sub(V_ROUND);
        FloatVector r = n.fma(V_MINUS_LN2_HI, c);
        r = n.fma(V_MINUS_LN2_LO, r);
        FloatVector p = V_P0.fma(r, V_P1).fma(r, V_P2).fma(r, V_P3).fma(r, V_P4).fma(r, V_P5);
        FloatVector y = p.fma(r.mul(r), r).add(V_ONE);
        // 2ⁿ: the exponent field n + 127 (from t's bits, not by converting n: in JDK 17 a
        // float-to-int conversion is not compiled to vector code and allocates)
        IntVector bits = (IntVector) t.reinterpretAsInts();
        return y.mul(bits.add(127 - ROUND_BITS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }
}

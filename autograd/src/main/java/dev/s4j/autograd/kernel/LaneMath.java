package dev.s4j.autograd.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
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
    /** Lanes with bit W/2 (the upper half), and with bit W/4, set. */
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, bitSet(W / 2));
    private static final VectorMask<Float> QUARTER = VectorMask.fromLong(S, bitSet(W / 4));
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding and subtracting it rounds a float of magnitude below 2²² to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    private LaneMath() {
    }

    private static VectorShuffle<Float> swap(int h) {
        return h < W ? VectorShuffle.fromOp(S, i -> i ^ h) : null;
    }

    /** The lanes whose index has bit {@code h} set, as a mask's bits (W ≤ 64). */
    private static long bitSet(int h) {
        long bits = 0;
        for (int i = 0; i < Math.min(W, 64); i++) {
            if ((i & h) != 0) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    /** The shuffle exchanging lane i with i ^ h, for h a power of two up to 8. */
    private static VectorShuffle<Float> swapOf(int h) {
        return h == 8 ? SWAP8 : h == 4 ? SWAP4 : h == 2 ? SWAP2 : SWAP1;
    }

    /**
     * The sum of the lanes of {@code v} in a fixed order: lanes i and i ^ 8 first, then i ^ 4,
     * i ^ 2 and i ^ 1 (for vectors of up to 16 lanes, without allocating; wider ones the same way
     * in a loop).
     */
    static float sum(FloatVector v) {
        FloatVector acc = v;
        if (W > 16) {
            for (int h = W / 2; h > 8; h /= 2) {
                int half = h;
                acc = acc.add(acc.rearrange(VectorShuffle.fromOp(S, i -> i ^ half)));
            }
        }
        if (W > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (W > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        acc = acc.add(acc.rearrange(SWAP1));
        return acc.lane(0);
    }

    /**
     * The lane sums of four vectors, each added in exactly {@link #sum}'s order (so the same bits
     * as four calls), into {@code out[at … at+3]}, with about a third of the shuffles: the first two
     * levels of the four trees share their vectors, the halves of a0 and a1 (a2 and a3) in one,
     * then their quarters with a2's and a3's in one.
     */
    static void sum4(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3, float[] out, int at) {
        if (W > 16) {
            out[at] = sum(a0);
            out[at + 1] = sum(a1);
            out[at + 2] = sum(a2);
            out[at + 3] = sum(a3);
            return;
        }
        VectorShuffle<Float> half = swapOf(W / 2);
        VectorShuffle<Float> quarter = swapOf(W / 4);
        // lanes below W/2: a0[i] + a0[i ^ W/2]; above: a1's (y likewise for a2, a3)
        FloatVector x = a0.blend(a1, UPPER).add(a1.blend(a0, UPPER).rearrange(half));
        FloatVector y = a2.blend(a3, UPPER).add(a3.blend(a2, UPPER).rearrange(half));
        // groups of W/4 lanes: a0, a2, a1, a3, each after its second level
        FloatVector z = x.blend(y, QUARTER).add(y.blend(x, QUARTER).rearrange(quarter));
        for (int h = W / 8; h >= 1; h /= 2) {
            z = z.add(z.rearrange(swapOf(h)));
        }
        out[at] = z.lane(0);
        out[at + 1] = z.lane(W / 2);
        out[at + 2] = z.lane(W / 4);
        out[at + 3] = z.lane(3 * W / 4);
    }

    /**
     * e^x lane by lane, to about 2 ulp (Cody–Waite reduction x = n·ln 2 + r, Cephes' degree-6
     * polynomial for e^r, then the exponent field set to n). Arguments are clamped to [−87, 88],
     * so the result lies in [1.6e-38, 1.7e38]; NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87f).min(88f);
        // t = 1.5·2²³ + n with n = round(c·log₂e): t's bits are those of 1.5·2²³ plus n
        FloatVector t = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        // 2ⁿ: the exponent field n + 127 (from t's bits, not by converting n: in JDK 17 a
        // float-to-int conversion is not compiled to vector code and allocates)
        IntVector bits = (IntVector) t.reinterpretAsInts();
        return y.mul(bits.add(127 - ROUND_BITS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }
}

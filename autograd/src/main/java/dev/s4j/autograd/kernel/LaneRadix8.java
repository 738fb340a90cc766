package dev.s4j.autograd.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8-point butterfly networks that end {@link LaneFft}'s forward transforms and start its
 * inverse ones: three radix-2 stages of spans 8, 4 and 2 fused, whose twiddles are ±1, ±i and
 * (±1 ± i)/√2, so they need no table. Each works on the W lanes of 8 consecutive points in place;
 * the forward network leaves its outputs in bit-reversed order, the inverse one takes them so.
 */
final class LaneRadix8 {
    private static final VectorSpecies<Float> S = LaneFft.S;
    private static final int W = LaneFft.W;
    private static final float R2 = (float) Math.sqrt(0.5);

    private LaneRadix8() {
    }

    /** The last DIF stage (span 8, no twiddles) on the 8 points from point {@code from}. */
    static void forward(float[] re, float[] im, int from) {
        int mw = W;
        int p0 = from * W;
        FloatVector x0r = FloatVector.fromArray(S, re, p0);
        FloatVector x0i = FloatVector.fromArray(S, im, p0);
        FloatVector x1r = FloatVector.fromArray(S, re, p0 + mw);
        FloatVector x1i = FloatVector.fromArray(S, im, p0 + mw);
        FloatVector x2r = FloatVector.fromArray(S, re, p0 + 2 * mw);
        FloatVector x2i = FloatVector.fromArray(S, im, p0 + 2 * mw);
        FloatVector x3r = FloatVector.fromArray(S, re, p0 + 3 * mw);
        FloatVector x3i = FloatVector.fromArray(S, im, p0 + 3 * mw);
        FloatVector x4r = FloatVector.fromArray(S, re, p0 + 4 * mw);
        FloatVector x4i = FloatVector.fromArray(S, im, p0 + 4 * mw);
        FloatVector x5r = FloatVector.fromArray(S, re, p0 + 5 * mw);
        FloatVector x5i = FloatVector.fromArray(S, im, p0 + 5 * mw);
        FloatVector x6r = FloatVector.fromArray(S, re, p0 + 6 * mw);
        FloatVector x6i = FloatVector.fromArray(S, im, p0 + 6 * mw);
        FloatVector x7r = FloatVector.fromArray(S, re, p0 + 7 * mw);
        FloatVector x7i = FloatVector.fromArray(S, im, p0 + 7 * mw);
        // span 8: (q, q + 4), twiddles 1, (1 − i)/√2, −i, −(1 + i)/√2
        FloatVector a0r = x0r.add(x4r);
        FloatVector a0i = x0i.add(x4i);
        FloatVector a4r = x0r.sub(x4r);
        FloatVector a4i = x0i.sub(x4i);
        FloatVector a1r = x1r.add(x5r);
        FloatVector a1i = x1i.add(x5i);
        FloatVector d5r = x1r.sub(x5r);
        FloatVector d5i = x1i.sub(x5i);
        FloatVector a5r = d5r.add(d5i).mul(R2);
        FloatVector a5i = d5i.sub(d5r).mul(R2);
        FloatVector a2r = x2r.add(x6r);
        FloatVector a2i = x2i.add(x6i);
        FloatVector a6r = x2i.sub(x6i);
        FloatVector a6i = x6r.sub(x2r);
        FloatVector a3r = x3r.add(x7r);
        FloatVector a3i = x3i.add(x7i);
        FloatVector d7r = x3r.sub(x7r);
        FloatVector d7i = x3i.sub(x7i);
        FloatVector a7r = d7i.sub(d7r).mul(R2);
        FloatVector a7i = d7r.add(d7i).mul(-R2);
        // span 4: (q, q + 2), twiddles 1, −i
        FloatVector b0r = a0r.add(a2r);
        FloatVector b0i = a0i.add(a2i);
        FloatVector b2r = a0r.sub(a2r);
        FloatVector b2i = a0i.sub(a2i);
        FloatVector b1r = a1r.add(a3r);
        FloatVector b1i = a1i.add(a3i);
        FloatVector b3r = a1i.sub(a3i);
        FloatVector b3i = a3r.sub(a1r);
        FloatVector b4r = a4r.add(a6r);
        FloatVector b4i = a4i.add(a6i);
        FloatVector b6r = a4r.sub(a6r);
        FloatVector b6i = a4i.sub(a6i);
        FloatVector b5r = a5r.add(a7r);
        FloatVector b5i = a5i.add(a7i);
        FloatVector b7r = a5i.sub(a7i);
        FloatVector b7i = a7r.sub(a5r);
        // span 2
        b0r.add(b1r).intoArray(re, p0);
        b0i.add(b1i).intoArray(im, p0);
        b0r.sub(b1r).intoArray(re, p0 + mw);
        b0i.sub(b1i).intoArray(im, p0 + mw);
        b2r.add(b3r).intoArray(re, p0 + 2 * mw);
        b2i.add(b3i).intoArray(im, p0 + 2 * mw);
        b2r.sub(b3r).intoArray(re, p0 + 3 * mw);
        b2i.sub(b3i).intoArray(im, p0 + 3 * mw);
        b4r.add(b5r).intoArray(re, p0 + 4 * mw);
        b4i.add(b5i).intoArray(im, p0 + 4 * mw);
        b4r.sub(b5r).intoArray(re, p0 + 5 * mw);
        b4i.sub(b5i).intoArray(im, p0 + 5 * mw);
        b6r.add(b7r).intoArray(re, p0 + 6 * mw);
        b6i.add(b7i).intoArray(im, p0 + 6 * mw);
        b6r.sub(b7r).intoArray(re, p0 + 7 * mw);
        b6i.sub(b7i).intoArray(im, p0 + 7 * mw);
    }

    /** The first DIT stage (span 8, no twiddles) on the 8 points from point {@code from}: 8 times the inverse of {@link #forward}. */
    static void inverse(float[] re, float[] im, int from) {
        int mw = W;
        int p0 = from * W;
        FloatVector z0r = FloatVector.fromArray(S, re, p0);
        FloatVector z0i = FloatVector.fromArray(S, im, p0);
        FloatVector z1r = FloatVector.fromArray(S, re, p0 + mw);
        FloatVector z1i = FloatVector.fromArray(S, im, p0 + mw);
        FloatVector z2r = FloatVector.fromArray(S, re, p0 + 2 * mw);
        FloatVector z2i = FloatVector.fromArray(S, im, p0 + 2 * mw);
        FloatVector z3r = FloatVector.fromArray(S, re, p0 + 3 * mw);
        FloatVector z3i = FloatVector.fromArray(S, im, p0 + 3 * mw);
        FloatVector z4r = FloatVector.fromArray(S, re, p0 + 4 * mw);
        FloatVector z4i = FloatVector.fromArray(S, im, p0 + 4 * mw);
        FloatVector z5r = FloatVector.fromArray(S, re, p0 + 5 * mw);
        FloatVector z5i = FloatVector.fromArray(S, im, p0 + 5 * mw);
        FloatVector z6r = FloatVector.fromArray(S, re, p0 + 6 * mw);
        FloatVector z6i = FloatVector.fromArray(S, im, p0 + 6 * mw);
        FloatVector z7r = FloatVector.fromArray(S, re, p0 + 7 * mw);
        FloatVector z7i = FloatVector.fromArray(S, im, p0 + 7 * mw);
        // span 2
        FloatVector a0r = z0r.add(z1r);
        FloatVector a0i = z0i.add(z1i);
        FloatVector a1r = z0r.sub(z1r);
        FloatVector a1i = z0i.sub(z1i);
        FloatVector a2r = z2r.add(z3r);
        FloatVector a2i = z2i.add(z3i);
        FloatVector a3r = z2r.sub(z3r);
        FloatVector a3i = z2i.sub(z3i);
        FloatVector a4r = z4r.add(z5r);
        FloatVector a4i = z4i.add(z5i);
        FloatVector a5r = z4r.sub(z5r);
        FloatVector a5i = z4i.sub(z5i);
        FloatVector a6r = z6r.add(z7r);
        FloatVector a6i = z6i.add(z7i);
        FloatVector a7r = z6r.sub(z7r);
        FloatVector a7i = z6i.sub(z7i);
        // span 4: second of (q, q + 2) times 1, +i
        FloatVector b0r = a0r.add(a2r);
        FloatVector b0i = a0i.add(a2i);
        FloatVector b2r = a0r.sub(a2r);
        FloatVector b2i = a0i.sub(a2i);
        FloatVector b1r = a1r.sub(a3i);
        FloatVector b1i = a1i.add(a3r);
        FloatVector b3r = a1r.add(a3i);
        FloatVector b3i = a1i.sub(a3r);
        FloatVector b4r = a4r.add(a6r);
        FloatVector b4i = a4i.add(a6i);
        FloatVector b6r = a4r.sub(a6r);
        FloatVector b6i = a4i.sub(a6i);
        FloatVector b5r = a5r.sub(a7i);
        FloatVector b5i = a5i.add(a7r);
        FloatVector b7r = a5r.add(a7i);
        FloatVector b7i = a5i.sub(a7r);
        // span 8: second of (q, q + 4) times 1, (1 + i)/√2, i, (−1 + i)/√2
        FloatVector e5r = b5r.sub(b5i).mul(R2);
        FloatVector e5i = b5r.add(b5i).mul(R2);
        FloatVector e6r = b6i.neg();
        FloatVector e6i = b6r;
        FloatVector e7r = b7r.add(b7i).mul(-R2);
        FloatVector e7i = b7r.sub(b7i).mul(R2);
        b0r.add(b4r).intoArray(re, p0);
        b0i.add(b4i).intoArray(im, p0);
        b0r.sub(b4r).intoArray(re, p0 + 4 * mw);
        b0i.sub(b4i).intoArray(im, p0 + 4 * mw);
        b1r.add(e5r).intoArray(re, p0 + mw);
        b1i.add(e5i).intoArray(im, p0 + mw);
        b1r.sub(e5r).intoArray(re, p0 + 5 * mw);
        b1i.sub(e5i).intoArray(im, p0 + 5 * mw);
        b2r.add(e6r).intoArray(re, p0 + 2 * mw);
        b2i.add(e6i).intoArray(im, p0 + 2 * mw);
        b2r.sub(e6r).intoArray(re, p0 + 6 * mw);
        b2i.sub(e6i).intoArray(im, p0 + 6 * mw);
        b3r.add(e7r).intoArray(re, p0 + 3 * mw);
        b3i.add(e7i).intoArray(im, p0 + 3 * mw);
        b3r.sub(e7r).intoArray(re, p0 + 7 * mw);
        b3i.sub(e7i).intoArray(im, p0 + 7 * mw);
    }
}

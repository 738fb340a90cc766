package dev.s4j.autograd.kernel;

import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 complex FFTs of length n (a power of two) on {@link #W} independent signals at once,
 * one signal per vector lane: point t of lane l sits at index {@code t·W + l} of two planar
 * arrays (real and imaginary parts), so every butterfly is a handful of whole-vector operations
 * with scalar twiddles.
 *
 * <p>The forward transform is decimation in frequency: natural order in, bit-reversed order out
 * (frequency k at point {@code reverse(k)}), e^{−2πi·kt/n}, unscaled. The inverse is decimation in
 * time: bit-reversed order in, natural order out, e^{+2πi·kt/n}, unscaled (n times the inverse
 * DFT). Pointwise products of spectra do not care about the order, so a convolution never
 * reorders anything. A stage of radix R = 2 or 4 and span s (m = s/R) maps the R points
 * {@code j + q·m} of a block of s points to
 * <pre>
 *   forward: out[j + q·m] = DFT_R(x)[rev(q)] · w_s^{j·rev(q)}      inverse: DFT_R^{-1} of in[j + q·m] · w̄_s^{j·rev(q)}
 * </pre>
 * with rev the bit reversal of q and w_s = e^{−2πi/s}, the same as log₂R radix-2 stages. At most
 * one radix-2 stage (the first forward, the last inverse), radix-4 stages for the bulk, and
 * {@link LaneRadix8}'s networks for the last three (first three inverse) radix-2 stages.
 *
 * <p>The stages run depth first: a block's stage, then each of its sub-blocks to the end (the
 * inverse in the mirror order), so the small spans work on blocks that stay in cache however
 * large n is. The arithmetic is that of the breadth-first order, operation for operation.
 * Plans are cached per n and shared between threads (they are immutable).
 */
final class LaneFft {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Number of lanes, the signals transformed together. */
    static final int W = S.length();
    private static final ConcurrentHashMap<Integer, LaneFft> PLANS = new ConcurrentHashMap<>();

    /** Transform length. */
    final int n;
    /** cos and sin of −2πk/n for 0 ≤ k &lt; n. */
    private final float[] cos;
    private final float[] sin;

    private LaneFft(int n) {
        this.n = n;
        cos = new float[n];
        sin = new float[n];
        for (int k = 0; k < n; k++) {
            double a = -2 * Math.PI * k / n;
            cos[k] = (float) Math.cos(a);
            sin[k] = (float) Math.sin(a);
        }
    }

    /** The plan for length n, a power of two. */
    static LaneFft of(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("LaneFft: length must be a power of two, got " + n);
        }
        return PLANS.computeIfAbsent(n, LaneFft::new);
    }

    /** Forward transform of the n points of every lane, in place; arrays of n·W floats. */
    void forward(float[] re, float[] im) {
        forward(re, im, 0, n);
    }

    /** Inverse transform of the n points of every lane, in place: n times the inverse of {@link #forward(float[], float[])}. */
    void inverse(float[] re, float[] im) {
        inverse(re, im, 0, n);
    }

    /**
     * Radix of the stage of span {@code size}, a power of two: 8 for span 8 (the whole network),
     * 2 for span 2 and for even powers of two above 8 (leaving 8·4^k), 4 for the others.
     */
    private static int radix(int size) {
        if (size == 8) {
            return 8;
        }
        if (size == 2 || size > 8 && Integer.numberOfTrailingZeros(size) % 2 == 0) {
            return 2;
        }
        return size == 1 ? 1 : 4;
    }

    /** Forward transform of the block of {@code size} points starting at point {@code from}. */
    private void forward(float[] re, float[] im, int from, int size) {
        int r = radix(size);
        switch (r) {
            case 1 -> {
                return;
            }
            case 8 -> {
                LaneRadix8.forward(re, im, from);
                return;
            }
            case 2 -> radix2(re, im, from, size, false);
            default -> radix4Forward(re, im, from, size);
        }
        int sub = size / r;
        for (int q = 0; q < r; q++) {
            forward(re, im, from + q * sub, sub);
        }
    }

    /** Inverse transform of the block of {@code size} points starting at point {@code from}. */
    private void inverse(float[] re, float[] im, int from, int size) {
        int r = radix(size);
        if (r == 1) {
            return;
        }
        if (r == 8) {
            LaneRadix8.inverse(re, im, from);
            return;
        }
        int sub = size / r;
        for (int q = 0; q < r; q++) {
            inverse(re, im, from + q * sub, sub);
        }
        if (r == 2) {
            radix2(re, im, from, size, true);
        } else {
            radix4Inverse(re, im, from, size);
        }
    }

    /** e^{−2πi·e/s} for a stage of span s: the cosine. */
    private float wr(int e, int s) {
        return cos[e * (n / s)];
    }

    /** e^{−2πi·e/s}: the sine. */
    private float wi(int e, int s) {
        return sin[e * (n / s)];
    }

    /** Radix-2 stage on the block of s points from point {@code from}, forward (twiddle after) or inverse (conjugate twiddle before). */
    private void radix2(float[] re, float[] im, int from, int s, boolean inverse) {
        int m = s / 2;
        for (int j = 0; j < m; j++) {
            float cr = wr(j, s);
            float ci = inverse ? -wi(j, s) : wi(j, s);
            int p = (from + j) * W;
            int q = p + m * W;
            FloatVector ar = FloatVector.fromArray(S, re, p);
            FloatVector ai = FloatVector.fromArray(S, im, p);
            FloatVector br = FloatVector.fromArray(S, re, q);
            FloatVector bi = FloatVector.fromArray(S, im, q);
            if (inverse) {
                FloatVector tr = br.mul(cr).sub(bi.mul(ci));
                bi = br.mul(ci).add(bi.mul(cr));
                br = tr;
                ar.add(br).intoArray(re, p);
                ai.add(bi).intoArray(im, p);
                ar.sub(br).intoArray(re, q);
                ai.sub(bi).intoArray(im, q);
            } else {
                ar.add(br).intoArray(re, p);
                ai.add(bi).intoArray(im, p);
                FloatVector dr = ar.sub(br);
                FloatVector di = ai.sub(bi);
                dr.mul(cr).sub(di.mul(ci)).intoArray(re, q);
                dr.mul(ci).add(di.mul(cr)).intoArray(im, q);
            }
        }
    }

    /** Stores x·(cr + i·ci) at point index p (an array offset). */
    private static void put(float[] re, float[] im, int p, FloatVector xr, FloatVector xi, float cr, float ci) {
        xr.fma(FloatVector.broadcast(S, cr), xi.mul(-ci)).intoArray(re, p);
        xr.fma(FloatVector.broadcast(S, ci), xi.mul(cr)).intoArray(im, p);
    }

    /** Forward radix-4 stage on the block of s points from point {@code from}. */
    private void radix4Forward(float[] re, float[] im, int from, int s) {
        int m = s / 4;
        int mw = m * W;
        for (int j = 0; j < m; j++) {
            int p0 = (from + j) * W;
            int p1 = p0 + mw;
            int p2 = p1 + mw;
            int p3 = p2 + mw;
            FloatVector x0r = FloatVector.fromArray(S, re, p0);
            FloatVector x0i = FloatVector.fromArray(S, im, p0);
            FloatVector x1r = FloatVector.fromArray(S, re, p1);
            FloatVector x1i = FloatVector.fromArray(S, im, p1);
            FloatVector x2r = FloatVector.fromArray(S, re, p2);
            FloatVector x2i = FloatVector.fromArray(S, im, p2);
            FloatVector x3r = FloatVector.fromArray(S, re, p3);
            FloatVector x3i = FloatVector.fromArray(S, im, p3);
            FloatVector ar = x0r.add(x2r);
            FloatVector ai = x0i.add(x2i);
            FloatVector br = x0r.sub(x2r);
            FloatVector bi = x0i.sub(x2i);
            FloatVector cr = x1r.add(x3r);
            FloatVector ci = x1i.add(x3i);
            FloatVector dr = x1r.sub(x3r);
            FloatVector di = x1i.sub(x3i);
            ar.add(cr).intoArray(re, p0);
            ai.add(ci).intoArray(im, p0);
            put(re, im, p1, ar.sub(cr), ai.sub(ci), wr(2 * j, s), wi(2 * j, s));
            put(re, im, p2, br.add(di), bi.sub(dr), wr(j, s), wi(j, s));          // (b − i·d)·w^j
            put(re, im, p3, br.sub(di), bi.add(dr), wr(3 * j, s), wi(3 * j, s));  // (b + i·d)·w^{3j}
        }
    }

    /** Inverse radix-4 stage on the block of s points from point {@code from}. */
    private void radix4Inverse(float[] re, float[] im, int from, int s) {
        int m = s / 4;
        int mw = m * W;
        for (int j = 0; j < m; j++) {
            float c1r = wr(2 * j, s);
            float c1i = -wi(2 * j, s);
            float c2r = wr(j, s);
            float c2i = -wi(j, s);
            float c3r = wr(3 * j, s);
            float c3i = -wi(3 * j, s);
            int p0 = (from + j) * W;
            int p1 = p0 + mw;
            int p2 = p1 + mw;
            int p3 = p2 + mw;
            FloatVector y0r = FloatVector.fromArray(S, re, p0);
            FloatVector y0i = FloatVector.fromArray(S, im, p0);
            FloatVector y1r = FloatVector.fromArray(S, re, p1);
            FloatVector y1i = FloatVector.fromArray(S, im, p1);
            FloatVector y2r = FloatVector.fromArray(S, re, p2);
            FloatVector y2i = FloatVector.fromArray(S, im, p2);
            FloatVector y3r = FloatVector.fromArray(S, re, p3);
            FloatVector y3i = FloatVector.fromArray(S, im, p3);
            FloatVector t1r = y1r.fma(FloatVector.broadcast(S, c1r), y1i.mul(-c1i));
            FloatVector t1i = y1r.fma(FloatVector.broadcast(S, c1i), y1i.mul(c1r));
            FloatVector t2r = y2r.fma(FloatVector.broadcast(S, c2r), y2i.mul(-c2i));
            FloatVector t2i = y2r.fma(FloatVector.broadcast(S, c2i), y2i.mul(c2r));
            FloatVector t3r = y3r.fma(FloatVector.broadcast(S, c3r), y3i.mul(-c3i));
            FloatVector t3i = y3r.fma(FloatVector.broadcast(S, c3i), y3i.mul(c3r));
            FloatVector ar = y0r.add(t1r);
            FloatVector ai = y0i.add(t1i);
            FloatVector br = y0r.sub(t1r);
            FloatVector bi = y0i.sub(t1i);
            FloatVector cr = t2r.add(t3r);
            FloatVector ci = t2i.add(t3i);
            FloatVector dr = t2r.sub(t3r);
            FloatVector di = t2i.sub(t3i);
            ar.add(cr).intoArray(re, p0);
            ai.add(ci).intoArray(im, p0);
            ar.sub(cr).intoArray(re, p2);
            ai.sub(ci).intoArray(im, p2);
            br.sub(di).intoArray(re, p1);     // b + i·d
            bi.add(dr).intoArray(im, p1);
            br.add(di).intoArray(re, p3);     // b − i·d
            bi.sub(dr).intoArray(im, p3);
        }
    }
}

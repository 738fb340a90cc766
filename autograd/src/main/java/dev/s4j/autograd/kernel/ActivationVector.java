package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 activations on the Vector API (exp from {@link LaneMath}, the same in every JIT state):
 * GELU through erfc(z) ≈ t·exp(−z² + P(t)), t = 1/(1 + z/2) (Numerical Recipes' erfcc, 1.2e-7
 * relative), and the logistic sigmoid. Whole vectors only; the remainder runs in
 * {@link ActivationKernels}' scalar code. Only loaded when {@link VectorSupport#available()}.
 */
final class ActivationVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
    private static final int GRAIN = 1 << 15;

    private ActivationVector() {
    }

    /** The exponent's polynomial P(t) of erfcc, in Horner form. */
    private static FloatVector poly(FloatVector t) {
        FloatVector p = FloatVector.broadcast(S, 0.17087277f);
        p = p.fma(t, FloatVector.broadcast(S, -0.82215223f));
        p = p.fma(t, FloatVector.broadcast(S, 1.48851587f));
        p = p.fma(t, FloatVector.broadcast(S, -1.13520398f));
        p = p.fma(t, FloatVector.broadcast(S, 0.27886807f));
        p = p.fma(t, FloatVector.broadcast(S, -0.18628806f));
        p = p.fma(t, FloatVector.broadcast(S, 0.09678418f));
        p = p.fma(t, FloatVector.broadcast(S, 0.37409196f));
        p = p.fma(t, FloatVector.broadcast(S, 1.00002368f));
        return p.fma(t, FloatVector.broadcast(S, -1.26551223f));
    }

    /** Φ(x) for a vector x: ½·erfc(−x/√2). */
    private static FloatVector cdf(FloatVector x) {
        FloatVector z = x.abs().mul(INV_SQRT2);
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma(0.5f, 1f));
        // r = erfc(z) = t·exp(P(t) − z²): one exp
        FloatVector r = t.mul(LaneMath.exp(z.neg().fma(z, poly(t))));
        VectorMask<Float> nonPositive = x.compare(VectorOperators.LE, 0f);
        FloatVector half = r.mul(0.5f);
        return FloatVector.broadcast(S, 1f).sub(half).blend(half, nonPositive);
    }

    /** exp(−x²/2) = exp(−z²). */
    private static FloatVector gauss(FloatVector x) {
        return LaneMath.exp(x.mul(x).mul(-0.5f));
    }

    /** y = x·Φ(x) over whole vectors; returns how many elements were done. */
    static int gelu(float[] x, float[] y) {
        int full = x.length - x.length % V;
        Parallel.range(full / V, GRAIN / V, (lo, hi) -> {
            for (int i = lo * V; i < hi * V; i += V) {
                FloatVector v = FloatVector.fromArray(S, x, i);
                v.mul(cdf(v)).intoArray(y, i);
            }
        });
        return full;
    }

    /**
     * gx = g·(Φ(x) + x·φ(x)) over whole vectors; returns how many elements were done. Two passes,
     * each its own method with one exp (exp(−x²/2) into gx, then the rest): one loop with both is
     * too large for the JIT to inline every vector operation, and vectors it does not inline are
     * allocated (twice the time).
     */
    static int geluBackward(float[] x, float[] g, float[] gx) {
        int full = x.length - x.length % V;
        Parallel.range(full / V, GRAIN / V, (lo, hi) -> {
            gaussInto(x, gx, lo * V, hi * V);
            slopeInto(x, g, gx, lo * V, hi * V);
        });
        return full;
    }

    /** gx[from, to) = exp(−x²/2). */
    private static void gaussInto(float[] x, float[] gx, int from, int to) {
        for (int i = from; i < to; i += V) {
            gauss(FloatVector.fromArray(S, x, i)).intoArray(gx, i);
        }
    }

    /** gx[from, to) = g·(Φ(x) + x·exp(−x²/2)/√(2π)), exp(−x²/2) read from gx. */
    private static void slopeInto(float[] x, float[] g, float[] gx, int from, int to) {
        for (int i = from; i < to; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector e1 = FloatVector.fromArray(S, gx, i);
            FloatVector slope = cdf(v).add(v.mul(e1).mul(INV_SQRT_2PI));
            slope.mul(FloatVector.fromArray(S, g, i)).intoArray(gx, i);
        }
    }

    /** x ← x·Φ(x) in place over whole vectors of x[from, from + count), on the calling thread; returns the count done. */
    static int gelu(float[] x, int from, int count) {
        int full = count - count % V;
        for (int i = from; i < from + full; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.mul(cdf(v)).intoArray(x, i);
        }
        return full;
    }

    /** σ(x) = 1/(1 + e^{−x}) for a vector. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(one.add(LaneMath.exp(x.neg())));
    }

    /** y = a·σ(b) for the [from, to) part of rows a and b (whole vectors); returns the end reached. */
    static int glu(float[] x, int aAt, int bAt, float[] y, int yAt, int count) {
        int full = count - count % V;
        for (int i = 0; i < full; i += V) {
            FloatVector a = FloatVector.fromArray(S, x, aAt + i);
            FloatVector b = FloatVector.fromArray(S, x, bAt + i);
            a.mul(sigmoid(b)).intoArray(y, yAt + i);
        }
        return full;
    }

    /** ga = g·σ(b), gb = g·a·σ(b)(1 − σ(b)) over whole vectors of one row pair; returns the count done. */
    static int gluBackward(float[] x, int aAt, int bAt, float[] g, int gAt, float[] gx, int count) {
        int full = count - count % V;
        for (int i = 0; i < full; i += V) {
            FloatVector a = FloatVector.fromArray(S, x, aAt + i);
            FloatVector s = sigmoid(FloatVector.fromArray(S, x, bAt + i));
            FloatVector gv = FloatVector.fromArray(S, g, gAt + i);
            gv.mul(s).intoArray(gx, aAt + i);
            gv.mul(a).mul(s).mul(FloatVector.broadcast(S, 1f).sub(s)).intoArray(gx, bAt + i);
        }
        return full;
    }
}

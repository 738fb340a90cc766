package dev.s4j.ssm.discretize;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;

/**
 * The trainable step Δ of each channel, stored as log Δ (LSSL §3, S4 §3.4): initialized
 * log-uniformly in [Δmin, Δmax], so channels see time at different rates and together cover
 * a range of memory lengths.
 */
public final class Timescale {
    private Timescale() {
    }

    /** log Δ (H) with Δ log-uniform in [dtMin, dtMax]. */
    public static Tensor logUniform(Generator gen, int width, double dtMin, double dtMax, DType dtype) {
        if (!(dtMin > 0 && dtMax >= dtMin)) {
            throw new IllegalArgumentException("timescale: need 0 < dtMin <= dtMax, got [" + dtMin + ", " + dtMax + "]");
        }
        double lo = Math.log(dtMin);
        double hi = Math.log(dtMax);
        Tensor t = Tensor.zeros(dtype, width);
        for (int h = 0; h < width; h++) {
            t.storage().setRe(h, lo + (hi - lo) * gen.nextDouble());
        }
        return t;
    }

    /** Δ·rate from log Δ (H): a rate ρ resamples the same continuous system at step ρΔ. */
    public static Tensor dt(Tensor logDt, double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("timescale: rate must be positive, got " + rate);
        }
        Tensor dt = logDt.exp();
        return rate == 1 ? dt : dt.mul(rate);
    }
}

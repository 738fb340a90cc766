package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;

/**
 * softmax and log-softmax along an axis, computed with the maximum subtracted first (no
 * overflow). Backward: softmax → y·(g − Σ g·y); log-softmax → g − e^y · Σ g.
 */
public final class Softmax {
    private Softmax() {
    }

    /** e^x / Σ e^x along {@code axis} (real input). */
    public static Tensor softmax(Tensor x, int axis) {
        Activations.requireReal("softmax", x);
        int ax = Shape.axis(axis, x.rank(), "softmax");
        int[] a = {ax};
        Tensor y;
        try (var off = Grad.disabled()) {
            Tensor e = x.sub(x.max(a, true)).exp();
            y = e.div(e.sum(a, true));
        }
        return Autograd.record("softmax", y, g -> {
            Tensor gy = g.mul(y);
            return new Tensor[] {gy.sub(y.mul(gy.sum(a, true)))};
        }, x);
    }

    /** x − log Σ e^x along {@code axis} (real input). */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Activations.requireReal("logSoftmax", x);
        int ax = Shape.axis(axis, x.rank(), "logSoftmax");
        int[] a = {ax};
        Tensor y;
        try (var off = Grad.disabled()) {
            Tensor shifted = x.sub(x.max(a, true));
            y = shifted.sub(shifted.exp().sum(a, true).log());
        }
        return Autograd.record("logSoftmax", y, g -> new Tensor[] {g.sub(y.exp().mul(g.sum(a, true)))}, x);
    }
}

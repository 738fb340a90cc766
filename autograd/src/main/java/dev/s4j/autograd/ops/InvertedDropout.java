package dev.s4j.autograd.ops;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;

/**
 * Inverted dropout: in training, each element (or, tied, each row of the last axis) is zeroed with probability p and the survivors
 * are scaled by 1/(1 − p), so evaluation needs no rescaling; in evaluation it is the identity.
 * The mask comes from the given generator, so runs are reproducible.
 */
public final class InvertedDropout {
    private InvertedDropout() {
    }

    /** Applies dropout with drop probability {@code p} in [0, 1], element by element. */
    public static Tensor apply(Tensor x, double p, boolean training, Generator gen) {
        return apply(x, p, training, gen, false);
    }

    /**
     * Applies dropout with drop probability {@code p} in [0, 1]; {@code tied} shares each mask
     * value along the last axis (on (B, H, L): a channel of a sequence is kept or dropped at every
     * position, as PyTorch's {@code Dropout1d} does).
     */
    public static Tensor apply(Tensor x, double p, boolean training, Generator gen, boolean tied) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1], got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        double scale = p == 1 ? 0 : 1 / (1 - p);
        int[] shape = x.shape();
        if (tied && shape.length > 0) {
            shape[shape.length - 1] = 1;
        }
        int count = dev.s4j.autograd.Shape.numel(shape);
        Storage mask = Storage.allocate(x.dtype().toReal(), count);
        for (int i = 0; i < count; i++) {
            mask.setRe(i, gen.nextDouble() < p ? 0 : scale);
        }
        return x.mul(new Tensor(mask, shape));
    }
}

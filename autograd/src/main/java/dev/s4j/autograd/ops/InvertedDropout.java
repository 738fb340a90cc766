package dev.s4j.autograd.ops;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;

/**
 * Inverted dropout: in training, each element is zeroed with probability p and the survivors
 * are scaled by 1/(1 − p), so evaluation needs no rescaling; in evaluation it is the identity.
 * The mask comes from the given generator, so runs are reproducible.
 */
public final class InvertedDropout {
    private InvertedDropout() {
    }

    /** Applies dropout with drop probability {@code p} in [0, 1]. */
    public static Tensor apply(Tensor x, double p, boolean training, Generator gen) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1], got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        double scale = p == 1 ? 0 : 1 / (1 - p);
        Storage mask = Storage.allocate(x.dtype().toReal(), x.numel());
        for (int i = 0; i < x.numel(); i++) {
            mask.setRe(i, gen.nextDouble() < p ? 0 : scale);
        }
        return x.mul(new Tensor(mask, x.shape()));
    }
}

package dev.s4j.autograd.nn;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.InvertedDropout;

/** Inverted dropout with probability p in training, identity in evaluation; masks drawn from its own generator. */
public final class Dropout extends Module implements Layer {
    private final double p;
    private final Generator gen;

    /** Dropout with probability {@code p} and masks from {@code gen}. */
    public Dropout(double p, Generator gen) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        return InvertedDropout.apply(x, p, isTraining(), gen);
    }
}

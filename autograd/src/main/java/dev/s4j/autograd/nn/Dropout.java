package dev.s4j.autograd.nn;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.InvertedDropout;

/**
 * Inverted dropout with probability p in training, identity in evaluation; masks drawn from its
 * own generator. A training loop that must be resumable at any step reseeds the generator from
 * the step number ({@link #reseed(long)}) rather than carrying its state.
 */
public final class Dropout extends Module implements Layer {
    private final double p;
    private final boolean tied;
    private Generator gen;

    /** Dropout of single elements with probability {@code p} and masks from {@code gen}. */
    public Dropout(double p, Generator gen) {
        this(p, gen, false);
    }

    /**
     * Dropout with probability {@code p}, masks from {@code gen}; {@code tied} drops whole rows of
     * the last axis (on (B, H, L): channel h of sequence b at every position, PyTorch's
     * {@code Dropout1d} and the official S4 code's {@code DropoutNd}).
     */
    public Dropout(double p, Generator gen, boolean tied) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.tied = tied;
        this.gen = gen;
    }

    /** Whether a mask value is shared along the last axis. */
    public boolean isTied() {
        return tied;
    }

    /** Replaces the mask generator with a fresh one seeded with {@code seed}. */
    public void reseed(long seed) {
        this.gen = new Generator(seed);
    }

    /** The drop probability. */
    public double probability() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return InvertedDropout.apply(x, p, isTraining(), gen, tied);
    }
}

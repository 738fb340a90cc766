package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;

/**
 * One {@link ConvolutionJob}'s passes: a backend prepares what depends on the kernels once (their
 * spectra) and runs the forward and backward passes with it. Storages have the kernels' dtype.
 */
public interface ConvolutionPlan {
    /** y (B, C, H, L) = the convolutions of every input row u (B, H, L) with every kernel channel. */
    void forward(Storage u, Storage y);

    /**
     * Gradients for y's gradient g (B, C, H, L): into gu (B, H, L) and gk (C, H, M), either may be
     * null; every element of a non-null output is overwritten.
     */
    void backward(Storage u, Storage g, Storage gu, Storage gk);
}

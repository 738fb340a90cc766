package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;

/**
 * A trainable SSM convolution kernel (LSSL §3, S4 §2.4): from its parameters it produces, for
 * each of C channels and H independent state spaces, the kernel
 * {@code K̄ = (C B̄, C Ā B̄, …, C Ā^{L−1} B̄)}, and the equivalent recurrence for step mode.
 *
 * <p>Both views are computed from the current parameter values every time they are asked for
 * (a recurrence is a snapshot: {@link #version()} tells when it is stale), so convolution and
 * step mode agree after any training.
 */
public interface SsmKernel {

    /** H: independent state spaces (model channels). */
    int width();

    /** C: output channels of the kernel (for example 2 for a bidirectional layer). */
    int channels();

    /**
     * The kernel {@code (C, H, L)}, differentiable in every parameter.
     *
     * @param length L ≥ 1
     * @param rate   scales every step Δ (ρ ≠ 1 resamples the continuous system at a new rate)
     */
    Tensor kernel(int length, double rate);

    /** {@link #kernel(int, double)} at rate 1. */
    default Tensor kernel(int length) {
        return kernel(length, 1);
    }

    /** The discrete recurrence at {@code rate}, built from the current parameter values. */
    Recurrence recurrence(double rate);

    /**
     * Readies the kernel for lengths up to {@code length}, so that {@link #kernel(int, double)} at
     * those lengths changes nothing in the kernel (an S4 kernel's C̃ is tied to a maximum length and
     * doubles it on demand). After this, kernels of such lengths may be computed from several
     * threads at once.
     */
    default void prepare(int length) {
    }

    /** A number that changes whenever a parameter or buffer of the kernel changes in place. */
    long version();
}

package dev.s4j.examples.data;

import dev.s4j.autograd.Generator;

/** A generator of one synthetic example at a time (copying, adding, delay). */
public interface Synthetic {

    /** L, the sequence length. */
    int length();

    /** d, input features per position. */
    int features();

    /** Floats of target per example: class indices (as floats) or values. */
    int targetSize();

    /** Writes one example drawn from {@code gen}: L·d inputs at {@code x[xAt…]}, the target at {@code y[yAt…]}. */
    void generate(Generator gen, float[] x, int xAt, float[] y, int yAt);
}

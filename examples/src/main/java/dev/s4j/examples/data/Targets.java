package dev.s4j.examples.data;

import dev.s4j.autograd.Tensor;

/** The targets of a {@link Batch}: class indices or real values. */
public sealed interface Targets {

    /**
     * Class indices: B·T of them, T per example in order (T = 1 for one class per sequence).
     *
     * @param labels class indices
     */
    record Classes(int[] labels) implements Targets {
    }

    /**
     * Real targets.
     *
     * @param values (B, d) for one value vector per sequence, (B, L, d) for one per position
     */
    record Values(Tensor values) implements Targets {
    }
}

package dev.s4j.examples.data;

import dev.s4j.autograd.Tensor;

/**
 * A batch of examples.
 *
 * @param inputs  (B, L, d) float32 sequences
 * @param targets what the model should produce for them
 */
public record Batch(Tensor inputs, Targets targets) {

    /** B, the number of examples. */
    public int size() {
        return inputs.size(0);
    }
}

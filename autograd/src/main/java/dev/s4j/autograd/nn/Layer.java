package dev.s4j.autograd.nn;

import dev.s4j.autograd.Tensor;

/** A module with a one-tensor-in, one-tensor-out forward pass. */
@FunctionalInterface
public interface Layer {
    /** Applies the layer; shapes are documented by each implementation. */
    Tensor forward(Tensor x);
}

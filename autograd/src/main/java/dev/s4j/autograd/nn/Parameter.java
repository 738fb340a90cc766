package dev.s4j.autograd.nn;

import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import java.util.Arrays;

/**
 * A trainable leaf tensor owned by a {@link Module}: it always requires a gradient, and its
 * values change only through {@link #assign} (optimizer steps, loading a state dict), never
 * through recorded ops. It may carry {@link OptimHints} for the optimizer.
 */
public final class Parameter extends Tensor {
    private OptimHints hints = OptimHints.NONE;

    /** A parameter holding a private copy of {@code initial}'s values. */
    public Parameter(Tensor initial) {
        super(new Tensor(initial.storage().copy(), initial.shape()));
        requiresGrad(true);
    }

    /** Optimizer overrides for this parameter. */
    public OptimHints optimHints() {
        return hints;
    }

    /** Sets optimizer overrides; returns {@code this}. */
    public Parameter optimHints(OptimHints hints) {
        this.hints = hints == null ? OptimHints.NONE : hints;
        return this;
    }

    /**
     * Overwrites the values with {@code value}'s (same shape; converted to this dtype, which must
     * not drop an imaginary part). Call it between a backward pass and the next forward pass: a
     * backward through a graph recorded before the change fails instead of using the new values.
     */
    public void assign(Tensor value) {
        if (!Arrays.equals(value.shape(), shape())) {
            throw new IllegalArgumentException("assign: value of shape " + Shape.format(value.shape())
                    + " for a parameter of shape " + Shape.format(shape()));
        }
        if (value.isComplex() && !isComplex()) {
            throw new IllegalArgumentException("assign: complex value (" + value.dtype() + ") for a real parameter ("
                    + dtype() + ")");
        }
        Storage src = value.dtype() == dtype() ? value.storage() : value.storage().convert(dtype());
        Storage.copy(src, 0, storage(), 0, numel());
        storage().markModified();
    }
}

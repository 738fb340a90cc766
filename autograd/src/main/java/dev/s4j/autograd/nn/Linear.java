package dev.s4j.autograd.nn;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Affine;

/**
 * Fully connected layer {@code y = x·Wᵀ + b} over the last axis: {@code (…, in) → (…, out)}.
 * Weight {@code (out, in)} and bias {@code (out)} start uniform in ±1/√in (PyTorch's default).
 */
public final class Linear extends Module implements Layer {
    private final Parameter weight;
    private final Parameter bias;

    /** A float32 layer with seeded initialization; {@code bias} false leaves the bias out. */
    public Linear(int in, int out, boolean bias, Generator gen) {
        this(in, out, bias, gen, DType.FLOAT32);
    }

    /** A layer of the given real precision with seeded initialization. */
    public Linear(int in, int out, boolean bias, Generator gen, DType dtype) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + ", out=" + out);
        }
        double bound = 1 / Math.sqrt(in);
        this.weight = parameter("weight", Tensor.uniform(gen, -bound, bound, dtype, out, in));
        this.bias = bias ? parameter("bias", Tensor.uniform(gen, -bound, bound, dtype, out)) : null;
    }

    /** (…, in) → (…, out). */
    @Override
    public Tensor forward(Tensor x) {
        return Affine.apply(x, weight, bias);
    }

    /** The (out, in) weight. */
    public Parameter weight() {
        return weight;
    }

    /** The (out) bias, or null. */
    public Parameter bias() {
        return bias;
    }
}

package dev.s4j.autograd.nn;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Normalization;

/**
 * Layer normalization over one axis with a learned scale (ones) and shift (zeros), see
 * {@link Normalization#layerNorm}. Use axis 1 for channel-first {@code (B, H, L)} inputs.
 */
public final class LayerNorm extends Module implements Layer {
    private final int axis;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** Normalizes {@code features} values along {@code axis}, ε = 1e-5. */
    public LayerNorm(int features, int axis) {
        this(features, axis, 1e-5);
    }

    /** Normalizes {@code features} values along {@code axis} with the given ε. */
    public LayerNorm(int features, int axis, double eps) {
        this(features, axis, eps, DType.FLOAT32);
    }

    /** As {@link #LayerNorm(int, int, double)}, with parameters of the given precision. */
    public LayerNorm(int features, int axis, double eps, DType dtype) {
        this.axis = axis;
        this.eps = eps;
        this.weight = parameter("weight", Tensor.ones(dtype, features));
        this.bias = parameter("bias", Tensor.zeros(dtype, features));
    }

    @Override
    public Tensor forward(Tensor x) {
        return Normalization.layerNorm(x, axis, weight, bias, eps);
    }
}

package dev.s4j.autograd.nn;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Normalization;

/**
 * Batch normalization of the channels of {@code (B, C)} or {@code (B, C, L)} inputs, with
 * running statistics kept as buffers ({@code running_mean}, {@code running_var}); see
 * {@link Normalization#batchNorm}. Defaults: ε = 1e-5, momentum 0.1.
 */
public final class BatchNorm1d extends Module implements Layer {
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;

    /** Batch norm over {@code channels} with default ε and momentum. */
    public BatchNorm1d(int channels) {
        this(channels, 1e-5, 0.1);
    }

    /** Batch norm over {@code channels}. */
    public BatchNorm1d(int channels, double eps, double momentum) {
        this(channels, eps, momentum, DType.FLOAT32);
    }

    /** As {@link #BatchNorm1d(int, double, double)}, with parameters and buffers of the given precision. */
    public BatchNorm1d(int channels, double eps, double momentum, DType dtype) {
        this.eps = eps;
        this.momentum = momentum;
        this.weight = parameter("weight", Tensor.ones(dtype, channels));
        this.bias = parameter("bias", Tensor.zeros(dtype, channels));
        this.runningMean = buffer("running_mean", Tensor.zeros(dtype, channels));
        this.runningVar = buffer("running_var", Tensor.ones(dtype, channels));
    }

    @Override
    public Tensor forward(Tensor x) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
    }
}

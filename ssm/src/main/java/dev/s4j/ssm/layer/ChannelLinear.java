package dev.s4j.ssm.layer;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.nn.Parameter;

/**
 * A position-wise linear map over the channel axis of channel-first activations (S4 §3.4):
 * {@code (B, in, L) → (B, out, L)}, {@code y[b, :, l] = W x[b, :, l] + bias}, also usable on a
 * single step {@code (B, in) → (B, out)}. Weight (out, in) and bias (out) start uniform in ±1/√in.
 */
public final class ChannelLinear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    /** A seeded layer from {@code in} to {@code out} channels. */
    public ChannelLinear(int in, int out, Generator gen, DType dtype) {
        double bound = 1 / Math.sqrt(in);
        this.weight = parameter("weight", Tensor.uniform(gen, -bound, bound, dtype, out, in));
        this.bias = parameter("bias", Tensor.uniform(gen, -bound, bound, dtype, out));
    }

    /** (B, in, L) → (B, out, L). */
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(1) != weight.size(1)) {
            throw new IllegalArgumentException("ChannelLinear: input must be (B, " + weight.size(1) + ", L), got "
                    + Shape.format(x.shape()));
        }
        return weight.matmul(x).add(bias.unsqueeze(-1));
    }

    /** Output channels. */
    public int outputs() {
        return weight.size(0);
    }

    /** The (out, in) weight. */
    public Parameter weight() {
        return weight;
    }

    /** The (out) bias. */
    public Parameter bias() {
        return bias;
    }
}

package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import java.util.Arrays;

/**
 * The affine map of a linear layer, {@code y = x·Wᵀ + b} over the last axis, for real tensors.
 * All leading axes are flattened into the rows of one matrix product, so the weight gradient
 * {@code Gᵀ·X} is a single product (no per-batch partial gradients).
 */
public final class Affine {
    private Affine() {
    }

    /**
     * @param x      (…, in)
     * @param weight (out, in)
     * @param bias   (out) or null
     * @return (…, out)
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        Activations.requireReal("linear", x);
        Activations.requireReal("linear", weight);
        if (weight.rank() != 2 || x.rank() == 0 || x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input " + Shape.format(x.shape()) + " does not match weight "
                    + Shape.format(weight.shape()) + " (need input (…, in) and weight (out, in))");
        }
        if (bias != null && (bias.rank() != 1 || bias.size(0) != weight.size(0))) {
            throw new IllegalArgumentException("linear: bias " + Shape.format(bias.shape()) + " does not match weight "
                    + Shape.format(weight.shape()));
        }
        int in = weight.size(1);
        int out = weight.size(0);
        int[] xs = x.shape();
        int[] ys = Arrays.copyOf(xs, xs.length);
        ys[ys.length - 1] = out;
        Tensor x2 = x.detach().reshape(-1, in);
        Tensor y2 = MatMul.product(x2, false, weight.detach(), true);
        if (bias != null) {
            y2 = y2.add(bias.detach());
        }
        Tensor y = y2.reshape(ys);
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        return Autograd.record("linear", y, g -> {
            Tensor g2 = g.reshape(-1, out);
            Tensor[] grads = new Tensor[inputs.length];
            grads[0] = x.requiresGrad() ? MatMul.product(g2, false, weight, false).reshape(xs) : null;
            grads[1] = weight.requiresGrad() ? MatMul.product(g2, true, x2, false) : null;
            if (bias != null) {
                grads[2] = bias.requiresGrad() ? g2.sum(0) : null;
            }
            return grads;
        }, inputs);
    }
}

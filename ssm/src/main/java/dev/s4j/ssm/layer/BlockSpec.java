package dev.s4j.ssm.layer;

import dev.s4j.autograd.nn.Activation;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;

/**
 * Configuration of an {@link S4Block} (S4 §3.4): the kernel, C output channels per state space,
 * direction, the activation after the SSM, dropout, and the output map (C·H → H, or C·H → 2H
 * followed by a GLU). Defaults: S4 kernel with N = 64, C = 1, causal, GELU, no dropout, GLU.
 *
 * @param kernel        the SSM kernel
 * @param channels      C, SSM output channels per state space
 * @param bidirectional whether the layer also looks at later positions (no step mode then)
 * @param activation    applied to the SSM output
 * @param dropout       probability, applied after the activation in training
 * @param glu           output map to 2H channels followed by a gated linear unit
 * @param tiedDropout   drop a channel at every position of a sequence at once, not single elements
 *                      (the official S4D layer's {@code DropoutNd})
 */
public record BlockSpec(KernelSpec kernel, int channels, boolean bidirectional, Activation.Kind activation, double dropout,
                        boolean glu, boolean tiedDropout) {

    public BlockSpec {
        if (channels < 1) {
            throw new IllegalArgumentException("BlockSpec: channels must be positive, got " + channels);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("BlockSpec: dropout must be in [0, 1), got " + dropout);
        }
        if (activation == Activation.Kind.GLU) {
            throw new IllegalArgumentException("BlockSpec: use glu=true for a gated output, not a GLU activation");
        }
    }

    /** The defaults. */
    public static BlockSpec of(KernelSpec kernel) {
        return new BlockSpec(kernel, 1, false, Activation.Kind.GELU, 0, true, false);
    }

    /** The defaults with an S4 kernel of state size 64. */
    public static BlockSpec defaults() {
        return of(NplrSpec.of(64));
    }

    /** A copy with kernel replaced. */
    public BlockSpec withKernel(KernelSpec v) {
        return new BlockSpec(v, channels, bidirectional, activation, dropout, glu, tiedDropout);
    }

    /** A copy with channels replaced. */
    public BlockSpec withChannels(int v) {
        return new BlockSpec(kernel, v, bidirectional, activation, dropout, glu, tiedDropout);
    }

    /** A copy with bidirectional replaced. */
    public BlockSpec withBidirectional(boolean v) {
        return new BlockSpec(kernel, channels, v, activation, dropout, glu, tiedDropout);
    }

    /** A copy with activation replaced. */
    public BlockSpec withActivation(Activation.Kind v) {
        return new BlockSpec(kernel, channels, bidirectional, v, dropout, glu, tiedDropout);
    }

    /** A copy with dropout replaced. */
    public BlockSpec withDropout(double v) {
        return new BlockSpec(kernel, channels, bidirectional, activation, v, glu, tiedDropout);
    }

    /** A copy with glu replaced. */
    public BlockSpec withGlu(boolean v) {
        return new BlockSpec(kernel, channels, bidirectional, activation, dropout, v, tiedDropout);
    }

    /** A copy with tiedDropout replaced. */
    public BlockSpec withTiedDropout(boolean v) {
        return new BlockSpec(kernel, channels, bidirectional, activation, dropout, glu, v);
    }
}

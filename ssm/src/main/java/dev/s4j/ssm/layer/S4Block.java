package dev.s4j.ssm.layer;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Activation;
import dev.s4j.autograd.nn.Dropout;
import dev.s4j.autograd.nn.Layer;
import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.ops.Activations;

/**
 * The S4 block (S4 §3.4, Appendix D): H independent SSMs, mixed by a position-wise map:
 * <pre>
 *   (B, H, L) → FftConv (K̄ ∗ u + D u) → activation → dropout → ChannelLinear (C·H → H, or → 2H then GLU) → (B, H, L)
 * </pre>
 * with the same computation one step at a time through {@link #stepper(int)} ({@link BlockPlan}).
 */
public final class S4Block extends Module implements Layer {
    private final BlockSpec spec;
    private final int width;
    private final FftConv conv;
    private final Activation activation;
    private final Dropout dropout;
    private final ChannelLinear output;

    /** A block over {@code width} channels, initialized from {@code gen}. */
    public S4Block(int width, BlockSpec spec, Generator gen) {
        this.spec = spec;
        this.width = width;
        int kernelChannels = spec.bidirectional() ? 2 * spec.channels() : spec.channels();
        DType dtype = spec.kernel().dtype();
        this.conv = module("conv", new FftConv(spec.kernel().build(width, kernelChannels, gen), spec.channels(),
                spec.bidirectional(), FftConv.randomD(gen, spec.channels(), width, dtype)));
        this.activation = module("activation", Activation.of(spec.activation()));
        this.dropout = module("dropout", new Dropout(spec.dropout(), gen.split(), spec.tiedDropout()));
        this.output = module("output", new ChannelLinear(spec.channels() * width, spec.glu() ? 2 * width : width, gen, dtype));
    }

    /** The configuration. */
    public BlockSpec spec() {
        return spec;
    }

    /** H. */
    public int width() {
        return width;
    }

    /** The SSM convolution layer. */
    public FftConv conv() {
        return conv;
    }

    /** (B, H, L) → (B, H, L). */
    @Override
    public Tensor forward(Tensor u) {
        Tensor z = output.forward(dropout.forward(activation.forward(conv.forward(u))));
        return spec.glu() ? Activations.glu(z, 1) : z;
    }

    /** A number that changes whenever a parameter or buffer of the block changes in place. */
    public long version() {
        long v = 0;
        for (Tensor t : stateDict().values()) {
            v += t.storage().version();
        }
        return v;
    }

    /** The output map (C·H → H, or → 2H before the GLU). */
    public ChannelLinear outputMap() {
        return output;
    }

    /** Step mode for {@code batch} sequences, from the current parameters (see {@link BlockStepper}). */
    public BlockStepper stepper(int batch) {
        return new BlockStepper(this, batch);
    }
}

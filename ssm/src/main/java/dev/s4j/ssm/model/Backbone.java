package dev.s4j.ssm.model;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.BatchNorm1d;
import dev.s4j.autograd.nn.Dropout;
import dev.s4j.autograd.nn.LayerNorm;
import dev.s4j.autograd.nn.Layer;
import dev.s4j.autograd.nn.Linear;
import dev.s4j.autograd.nn.Module;
import dev.s4j.ssm.layer.S4Block;
import java.util.ArrayList;
import java.util.List;

/**
 * A deep S4 sequence model (S4 §3.4, Appendix D):
 * <pre>
 *   x (B, L, d_in) → Linear → (B, H, L)
 *     → n × [ pre-norm:  h + Dropout(S4Block(Norm(h)))  |  post-norm:  Norm(h + Dropout(S4Block(h))) ]
 *     → pooling (mean or last position, or none) → Linear → (B, d_out)  or  (B, L, d_out)
 * </pre>
 * Training runs the convolutional view; {@link #stepper(int)} runs the same network one position
 * at a time for streaming inference.
 */
public final class Backbone extends Module implements Layer {
    /** ε of the layer and batch norms. */
    static final double NORM_EPS = 1e-5;
    private final BackboneSpec spec;
    private final Linear encoder;
    private final List<S4Block> blocks = new ArrayList<>();
    private final List<Layer> norms = new ArrayList<>();
    private final List<Dropout> dropouts = new ArrayList<>();
    private final Linear decoder;

    /** A model initialized from {@code gen}. */
    public Backbone(BackboneSpec spec, Generator gen) {
        this.spec = spec;
        int h = spec.width();
        DType dtype = spec.block().kernel().dtype();
        this.encoder = module("encoder", new Linear(spec.inputSize(), h, true, gen, dtype));
        for (int i = 0; i < spec.layers(); i++) {
            blocks.add(module("block" + i, new S4Block(h, spec.block(), gen)));
            Layer norm = switch (spec.norm()) {
                case LAYER -> module("norm" + i, new LayerNorm(h, 1, NORM_EPS, dtype));
                case BATCH -> module("norm" + i, new BatchNorm1d(h, NORM_EPS, 0.1, dtype));
                case NONE -> x -> x;
            };
            norms.add(norm);
            dropouts.add(module("dropout" + i, new Dropout(spec.dropout(), gen.split())));
        }
        this.decoder = module("decoder", new Linear(h, spec.outputSize(), true, gen, dtype));
    }

    /** The configuration. */
    public BackboneSpec spec() {
        return spec;
    }

    /** The S4 blocks, in order. */
    public List<S4Block> blocks() {
        return List.copyOf(blocks);
    }

    /** (B, L, d_in) → (B, d_out) with pooling, (B, L, d_out) without. */
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(2) != spec.inputSize()) {
            throw new IllegalArgumentException("Backbone: input must be (B, L, " + spec.inputSize() + "), got "
                    + Shape.format(x.shape()));
        }
        Tensor h = encoder.forward(x).transpose(1, 2);                 // (B, H, L)
        for (int i = 0; i < blocks.size(); i++) {
            h = residual(i, h, blocks.get(i)::forward);
        }
        h = h.transpose(1, 2);                                         // (B, L, H)
        Tensor pooled = switch (spec.pooling()) {
            case MEAN -> h.mean(new int[] {1}, false);
            case LAST -> h.select(1, -1);
            case NONE -> h;
        };
        return decoder.forward(pooled);
    }

    /** One residual block around {@code f}; works on (B, H, L) and, step by step, on (B, H). */
    Tensor residual(int i, Tensor h, Layer f) {
        Layer norm = norms.get(i);
        Dropout drop = dropouts.get(i);
        if (spec.prenorm()) {
            return h.add(drop.forward(f.forward(norm.forward(h))));
        }
        return norm.forward(h.add(drop.forward(f.forward(h))));
    }

    Linear encoder() {
        return encoder;
    }

    Linear decoder() {
        return decoder;
    }

    /** A number that changes whenever a parameter or buffer changes in place. */
    public long version() {
        long v = 0;
        for (Tensor t : stateDict().values()) {
            v += t.storage().version();
        }
        return v;
    }

    /** Streaming inference for {@code batch} sequences (the evaluation function; the model's mode is left as it is). */
    public BackboneStepper stepper(int batch) {
        return new BackboneStepper(this, batch);
    }
}

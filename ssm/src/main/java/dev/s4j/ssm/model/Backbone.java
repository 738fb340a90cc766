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
            dropouts.add(module("dropout" + i, new Dropout(spec.dropout(), gen.split(), spec.tiedDropout())));
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
        checkInput(x);
        Tensor h = features(x);
        Tensor pooled = switch (spec.pooling()) {
            case MEAN -> h.mean(new int[] {1}, false);
            case LAST -> h.select(1, -1);
            case NONE -> h;
        };
        return decoder.forward(pooled);
    }

    /**
     * A right-padded batch: row b holds {@code lengths[b]} valid positions, the rest is padding.
     * Each row's output is that row's output run alone on its valid positions (to rounding): the
     * convolutions are causal, so padding reaches no valid position; padding is replaced by zeros
     * first (NaN or infinite padding stays out of the FFTs); mean pooling averages the row's own
     * positions, last-position pooling takes its own last one, and without pooling the outputs at
     * padded positions are 0. Differentiable: a loss on the outputs trains each row as if alone
     * (but batch norm in training mode pools statistics over the whole batch, padding included).
     *
     * @param x       (B, L, d_in)
     * @param lengths B values in [1, L]
     * @return (B, d_out) with pooling, (B, L, d_out) without
     */
    public Tensor forward(Tensor x, int[] lengths) {
        checkInput(x);
        int b = x.size(0);
        int l = x.size(1);
        Lengths.check(lengths, b, l);
        Tensor[] rows = new Tensor[b];
        for (int i = 0; i < b; i++) {
            Tensor row = x.select(0, i);
            rows[i] = lengths[i] == l ? row : row.slice(0, 0, lengths[i]).pad(0, 0, l - lengths[i]);
        }
        Tensor h = features(Tensor.stack(0, rows));                     // (B, L, H)
        Tensor mask = Lengths.mask(lengths, l, h.dtype());               // (B, L, 1)
        return switch (spec.pooling()) {
            case MEAN -> {
                double[] inv = new double[b];
                for (int i = 0; i < b; i++) {
                    inv[i] = 1.0 / lengths[i];
                }
                yield decoder.forward(h.mul(mask).sum(new int[] {1}, false).mul(Tensor.of(inv, b, 1).to(h.dtype())));
            }
            case LAST -> {
                Tensor[] last = new Tensor[b];
                for (int i = 0; i < b; i++) {
                    last[i] = h.select(0, i).select(0, lengths[i] - 1);
                }
                yield decoder.forward(Tensor.stack(0, last));
            }
            case NONE -> decoder.forward(h).mul(mask);
        };
    }

    private void checkInput(Tensor x) {
        if (x.rank() != 3 || x.size(2) != spec.inputSize() || x.isComplex()) {
            throw new IllegalArgumentException("Backbone: input must be real (B, L, " + spec.inputSize() + "), got "
                    + x.dtype() + " " + Shape.format(x.shape()));
        }
    }

    /** Encoder and residual blocks: (B, L, d_in) → (B, L, H). */
    private Tensor features(Tensor x) {
        Tensor h = encoder.forward(x).transpose(1, 2);                 // (B, H, L)
        for (int i = 0; i < blocks.size(); i++) {
            h = residual(i, h, blocks.get(i)::forward);
        }
        return h.transpose(1, 2);
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

    /** Readies every kernel for inputs of up to {@code length} positions (see {@link dev.s4j.ssm.kernel.SsmKernel#prepare}). */
    public void prepare(int length) {
        for (S4Block b : blocks) {
            b.conv().kernel().prepare(length);
        }
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

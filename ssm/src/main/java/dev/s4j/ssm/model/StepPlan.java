package dev.s4j.ssm.model;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.kernel.StepMatrix;
import dev.s4j.ssm.layer.BlockPlan;
import java.util.HashMap;
import java.util.Map;

/**
 * The recurrent view of a {@link Backbone} (S4 §3.3) compiled to float64 arrays: one position of
 * B sequences, x_t (B, d_in) → (B, d_out), equal to what the convolutional forward pass returns for
 * the sequence so far in evaluation (no dropout; batch norm with its running statistics): the
 * output at this position without pooling, the decoded running mean with mean pooling, this
 * position's decoding with last-position pooling.
 *
 * <p>A plan is an immutable snapshot of the model's parameters, built in O(H·N) per layer; it never
 * changes the model (nor its training mode) and may be shared by any number of threads, each
 * stepping its own {@link StepState}. A step allocates nothing.
 */
public final class StepPlan {
    private final BackboneSpec spec;
    private final StepMatrix encoder;     // (H, d_in)
    private final double[] encoderBias;
    private final BlockPlan[] blocks;
    private final NormStep[] norms;
    private final StepMatrix decoder;     // (d_out, H)
    private final double[] decoderBias;

    private StepPlan(Backbone model) {
        this.spec = model.spec();
        if (spec.block().bidirectional()) {
            throw new IllegalStateException("Backbone: bidirectional blocks have no step mode: their outputs depend on later inputs");
        }
        try (var off = Grad.disabled()) {
            Map<String, double[]> state = new HashMap<>();
            model.stateDict().forEach((k, v) -> {
                if (k.startsWith("norm")) {
                    state.put(k, v.toDoubleArray());
                }
            });
            boolean compact = !model.encoder().weight().dtype().isDoublePrecision();
            this.encoder = StepMatrix.of(model.encoder().weight().toDoubleArray(), spec.width(), spec.inputSize(), compact);
            this.encoderBias = model.encoder().bias().toDoubleArray();
            this.blocks = new BlockPlan[spec.layers()];
            this.norms = new NormStep[spec.layers()];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = BlockPlan.of(model.blocks().get(i), 1);
                norms[i] = new NormStep(spec.norm(), spec.width(), Backbone.NORM_EPS, state, "norm" + i + ".");
            }
            this.decoder = StepMatrix.of(model.decoder().weight().toDoubleArray(), spec.outputSize(), spec.width(), compact);
            this.decoderBias = model.decoder().bias().toDoubleArray();
        }
    }

    /** A snapshot of {@code model}'s current parameters. */
    public static StepPlan of(Backbone model) {
        return new StepPlan(model);
    }

    /** The configuration of the model. */
    public BackboneSpec spec() {
        return spec;
    }

    /** Number of residual blocks. */
    public int layers() {
        return blocks.length;
    }

    /** Block {@code i}'s step. */
    public BlockPlan block(int i) {
        return blocks[i];
    }

    /** A zero state for {@code batch} sequences. */
    public StepState newState(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("step: batch must be positive, got " + batch);
        }
        return new StepState(this, batch);
    }

    /**
     * One position: x (B, d_in) row-major → out (B, d_out) row-major, advancing {@code state}.
     * x and out may be the state's own arrays only as documented there.
     */
    public void step(double[] x, StepState state, double[] out) {
        int batch = state.batch;
        int h = spec.width();
        double[] hid = state.hidden;
        affine(x, encoder, encoderBias, hid, batch, state.work32);
        for (int i = 0; i < blocks.length; i++) {
            if (spec.prenorm()) {
                norms[i].apply(hid, state.normed, batch);
                blocks[i].step(state.normed, state.layers[i], state.blockOut, state.work, state.work32);
                for (int j = 0; j < hid.length; j++) {
                    hid[j] += state.blockOut[j];
                }
            } else {
                blocks[i].step(hid, state.layers[i], state.blockOut, state.work, state.work32);
                for (int j = 0; j < hid.length; j++) {
                    hid[j] += state.blockOut[j];
                }
                norms[i].apply(hid, hid, batch);
            }
        }
        state.steps++;
        double[] features = hid;
        if (spec.pooling() == Pooling.MEAN) {
            for (int j = 0; j < hid.length; j++) {
                state.sum[j] += hid[j];
                state.pooled[j] = state.sum[j] / state.steps;
            }
            features = state.pooled;
        }
        affine(features, decoder, decoderBias, out, batch, state.work32);
    }

    /**
     * A chunk of T positions at once: x (B, T, d_in) row-major → out (B, d_out), what {@link #step}
     * returns at the chunk's last position, advancing {@code state} past the chunk. Layer by layer:
     * each block's SSM steps through the chunk, then its position-wise maps (and the norms, the
     * encoder and the decoder) run on all B·T positions at once. The same values as T steps, to
     * rounding.
     */
    public void prefill(double[] x, int length, StepState state, double[] out) {
        int batch = state.batch;
        int h = spec.width();
        int rows = batch * length;
        if (length < 1 || x.length != rows * spec.inputSize()) {
            throw new IllegalArgumentException("prefill: input must be (" + batch + ", T ≥ 1, " + spec.inputSize() + "), got "
                    + x.length + " values for T = " + length);
        }
        float[] work32 = new float[Math.max(encoder.workSize(rows), decoder.workSize(batch))];
        double[] hid = new double[rows * h];
        double[] normed = new double[rows * h];
        double[] blockOut = new double[rows * h];
        affine(x, encoder, encoderBias, hid, rows, work32);
        for (int i = 0; i < blocks.length; i++) {
            if (spec.prenorm()) {
                norms[i].apply(hid, normed, rows);
                blocks[i].chunk(normed, length, state.layers[i], blockOut);
                for (int j = 0; j < hid.length; j++) {
                    hid[j] += blockOut[j];
                }
            } else {
                blocks[i].chunk(hid, length, state.layers[i], blockOut);
                for (int j = 0; j < hid.length; j++) {
                    hid[j] += blockOut[j];
                }
                norms[i].apply(hid, hid, rows);
            }
        }
        state.steps += length;
        double[] features = new double[batch * h];
        for (int b = 0; b < batch; b++) {
            int last = (b * length + length - 1) * h;
            for (int j = 0; j < h; j++) {
                if (spec.pooling() == Pooling.MEAN) {
                    double sum = state.sum[b * h + j];
                    for (int t = 0; t < length; t++) {
                        sum += hid[(b * length + t) * h + j];
                    }
                    state.sum[b * h + j] = sum;
                    features[b * h + j] = sum / state.steps;
                } else {
                    features[b * h + j] = hid[last + j];
                }
            }
        }
        affine(features, decoder, decoderBias, out, batch, work32);
    }

    /** out (B, m) = x (B, n) · Wᵀ + bias. */
    private static void affine(double[] x, StepMatrix w, double[] bias, double[] out, int batch, float[] work32) {
        int m = w.outputs();
        for (int b = 0; b < batch; b++) {
            System.arraycopy(bias, 0, out, b * m, m);
        }
        w.multiplyAdd(x, 0, batch, out, 0, work32);
    }

    /** Float32 work space of the encoder and decoder for {@code batch} sequences. */
    int workSize32(int batch) {
        return Math.max(encoder.workSize(batch), decoder.workSize(batch));
    }
}

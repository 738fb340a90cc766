package dev.s4j.ssm.model;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.StepKernels;
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
    private final double[] encoderT;      // (d_in, H)
    private final double[] encoderBias;
    private final BlockPlan[] blocks;
    private final NormStep[] norms;
    private final double[] decoderT;      // (H, d_out)
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
            this.encoderT = transposed(model.encoder().weight());
            this.encoderBias = model.encoder().bias().toDoubleArray();
            this.blocks = new BlockPlan[spec.layers()];
            this.norms = new NormStep[spec.layers()];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = BlockPlan.of(model.blocks().get(i), 1);
                norms[i] = new NormStep(spec.norm(), spec.width(), Backbone.NORM_EPS, state, "norm" + i + ".");
            }
            this.decoderT = transposed(model.decoder().weight());
            this.decoderBias = model.decoder().bias().toDoubleArray();
        }
    }

    /** A snapshot of {@code model}'s current parameters. */
    public static StepPlan of(Backbone model) {
        return new StepPlan(model);
    }

    private static double[] transposed(Tensor w) {
        return w.transpose(0, 1).toDoubleArray();
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
        affine(x, spec.inputSize(), encoderT, encoderBias, h, hid, batch);
        for (int i = 0; i < blocks.length; i++) {
            if (spec.prenorm()) {
                norms[i].apply(hid, state.normed, batch);
                blocks[i].step(state.normed, state.layers[i], state.blockOut, state.work);
                for (int j = 0; j < hid.length; j++) {
                    hid[j] += state.blockOut[j];
                }
            } else {
                blocks[i].step(hid, state.layers[i], state.blockOut, state.work);
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
        affine(features, h, decoderT, decoderBias, spec.outputSize(), out, batch);
    }

    /** out (B, m) = x (B, n) · wT (n, m) + bias. */
    private static void affine(double[] x, int n, double[] wT, double[] bias, int m, double[] out, int batch) {
        for (int b = 0; b < batch; b++) {
            int o0 = b * m;
            System.arraycopy(bias, 0, out, o0, m);
            StepKernels.multiplyAdd(wT, n, m, x, b * n, out, o0);
        }
    }
}

package dev.s4j.ssm.layer;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.kernel.ActivationKernels;
import dev.s4j.autograd.kernel.SpecialMath;
import dev.s4j.autograd.kernel.StepMatrix;
import dev.s4j.autograd.nn.Activation;
import dev.s4j.ssm.kernel.Recurrence;
import dev.s4j.ssm.kernel.RecurrentState;

/**
 * One position of an {@link S4Block} in evaluation (S4 §3.3), on plain float64 arrays:
 * <pre>
 *   u (B, H) → y = C x_k + D u  (x_k = Ā x_{k−1} + B̄ u, the block's {@link Recurrence})  → activation
 *            → W y + b  (C·H → H, or → 2H then GLU)  → (B, H)
 * </pre>
 * An immutable snapshot of the block's parameters (float32 models keep theirs in float32; the
 * arithmetic is float64), safe to share between threads: every call
 * brings its own state and work space, and nothing is allocated per step.
 */
public final class BlockPlan {
    private final Recurrence recurrence;
    private final int width;
    private final int channels;
    private final int outputs;
    private final double[] d;
    private final Activation.Kind activation;
    private final boolean exactGelu;
    private final StepMatrix weight;
    private final double[] bias;
    private final boolean glu;

    private BlockPlan(S4Block block, double rate) {
        if (block.spec().bidirectional()) {
            throw new IllegalStateException("S4Block: a bidirectional block has no step mode: its outputs depend on later inputs");
        }
        try (var off = Grad.disabled()) {
            this.recurrence = block.conv().kernel().recurrence(rate);
            this.width = block.width();
            this.channels = block.conv().channels();
            this.d = block.conv().d().toDoubleArray();
            this.activation = block.spec().activation();
            this.exactGelu = block.conv().d().dtype() == DType.FLOAT64;
            this.outputs = block.outputMap().outputs();
            this.weight = StepMatrix.of(block.outputMap().weight().toDoubleArray(), outputs, channels * width, !exactGelu);
            this.bias = block.outputMap().bias().toDoubleArray();
            this.glu = block.spec().glu();
        }
    }

    /** The block's step at sampling rate {@code rate} (every Δ scaled by ρ), from its current parameters. */
    public static BlockPlan of(S4Block block, double rate) {
        return new BlockPlan(block, rate);
    }

    /** H. */
    public int width() {
        return width;
    }

    /** The recurrence, for its state's shape. */
    public Recurrence recurrence() {
        return recurrence;
    }

    /** Work space {@link #step} needs for {@code batch} sequences. */
    public int workSize(int batch) {
        return batch * (channels * width + outputs);
    }

    /**
     * One position: u (B, H) → out (B, H), advancing {@code state}.
     *
     * @param work at least {@link #workSize(int)} values, overwritten
     */
    public void step(double[] u, RecurrentState state, double[] out, double[] work) {
        int batch = state.batch();
        int ch = channels * width;
        recurrence.step(u, state, work);                                 // y (B, C, H) in work[0, B·C·H)
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int row = (b * channels + c) * width;
                for (int j = 0; j < width; j++) {
                    work[row + j] = activate(work[row + j] + d[c * width + j] * u[b * width + j]);
                }
            }
        }
        int z0 = batch * ch;                                              // z (B, outputs) after y
        for (int b = 0; b < batch; b++) {
            int zb = z0 + b * outputs;
            System.arraycopy(bias, 0, work, zb, outputs);
            weight.multiplyAdd(work, b * ch, work, zb);
            if (glu) {
                for (int j = 0; j < width; j++) {
                    out[b * width + j] = work[zb + j] * ActivationKernels.sigmoid(work[zb + width + j]);
                }
            } else {
                System.arraycopy(work, zb, out, b * width, width);
            }
        }
    }

    private double activate(double v) {
        return switch (activation) {
            case GELU -> v * (exactGelu ? SpecialMath.normalCdf(v) : SpecialMath.normalCdfFast(v));
            case RELU -> v > 0 ? v : 0;
            case TANH -> Math.tanh(v);
            case SIGMOID -> ActivationKernels.sigmoid(v);
            case SOFTPLUS -> v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
            case IDENTITY -> v;
            case GLU -> throw new IllegalStateException("GLU is not an elementwise activation");
        };
    }
}

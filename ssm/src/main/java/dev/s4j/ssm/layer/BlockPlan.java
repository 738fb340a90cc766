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
 * An immutable snapshot of the block's parameters, in the model's precision (a float32 model's SSM
 * state and output map work in float32, the rest in float64), safe to share between threads: every call
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
    private final boolean compact;
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
            this.compact = !exactGelu;
            this.outputs = block.outputMap().outputs();
            this.weight = StepMatrix.of(block.outputMap().weight().toDoubleArray(), outputs, channels * width, compact);
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

    /** Float32 work space {@link #step} needs for {@code batch} sequences. */
    public int workSize32(int batch) {
        return compact ? batch * (channels * width + outputs + width) : 0;
    }

    /**
     * One position: u (B, H) → out (B, H), advancing {@code state}.
     *
     * @param work   at least {@link #workSize(int)} values, overwritten
     * @param work32 at least {@link #workSize32(int)} values, overwritten
     */
    public void step(double[] u, RecurrentState state, double[] out, double[] work, float[] work32) {
        int batch = state.batch();
        int ch = channels * width;
        recurrence.step(u, state, work);                                 // y (B, C, H) in work[0, B·C·H)
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int row = (b * channels + c) * width;
                for (int j = 0; j < width; j++) {
                    work[row + j] += d[c * width + j] * u[b * width + j];
                }
            }
        }
        if (compact) {
            stepFloat32(batch, out, work, work32);
            return;
        }
        for (int i = 0; i < batch * ch; i++) {
            work[i] = activate(work[i]);
        }
        int z0 = batch * ch;                                              // z (B, outputs) after y
        for (int b = 0; b < batch; b++) {
            System.arraycopy(bias, 0, work, z0 + b * outputs, outputs);
        }
        weight.multiplyAdd(work, 0, batch, work, z0, work32);
        for (int b = 0; b < batch; b++) {
            int zb = z0 + b * outputs;
            if (glu) {
                for (int j = 0; j < width; j++) {
                    out[b * width + j] = work[zb + j] * ActivationKernels.sigmoid(work[zb + width + j]);
                }
            } else {
                System.arraycopy(work, zb, out, b * width, width);
            }
        }
    }

    /** The activation and output map of a float32 model in float32, as its convolutional view computes them. */
    private void stepFloat32(int batch, double[] out, double[] y, float[] f) {
        int n = batch * channels * width;
        for (int i = 0; i < n; i++) {
            f[i] = (float) (activation == Activation.Kind.GELU ? y[i] : activate(y[i]));
        }
        if (activation == Activation.Kind.GELU) {
            ActivationKernels.gelu(f, 0, n);
        }
        int z0 = n;                                                       // z (B, outputs) after y
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < outputs; j++) {
                f[z0 + b * outputs + j] = (float) bias[j];
            }
        }
        weight.multiplyAdd(f, 0, batch, f, z0);
        int g0 = z0 + batch * outputs;                                    // GLU output (B, H) after z
        for (int b = 0; b < batch; b++) {
            int zb = z0 + b * outputs;
            if (glu) {
                ActivationKernels.glu(f, zb, zb + width, f, g0 + b * width, width);
                for (int j = 0; j < width; j++) {
                    out[b * width + j] = f[g0 + b * width + j];
                }
            } else {
                for (int j = 0; j < width; j++) {
                    out[b * width + j] = f[zb + j];
                }
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

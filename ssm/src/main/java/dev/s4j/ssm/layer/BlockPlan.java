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
    private final float[] bias32;
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
            this.bias32 = new float[bias.length];
            for (int j = 0; j < bias.length; j++) {
                bias32[j] = (float) bias[j];
            }
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

    /** Work space {@link #step} needs for {@code rows} rows (sequences of a step, or positions of a chunk). */
    public int workSize(int rows) {
        return rows * (channels * width + outputs);
    }

    /** Float32 work space {@link #step} needs for {@code rows} rows. */
    public int workSize32(int rows) {
        return compact ? rows * (channels * width + outputs + width) : 0;
    }

    /**
     * One position: u (B, H) → out (B, H), advancing {@code state}.
     *
     * @param work   at least {@link #workSize(int)} values for B rows, overwritten
     * @param work32 at least {@link #workSize32(int)} values for B rows, overwritten
     */
    public void step(double[] u, RecurrentState state, double[] out, double[] work, float[] work32) {
        int batch = state.batch();
        recurrence.step(u, state, work);                                 // y (B, C, H) in work[0, B·C·H)
        addSkip(u, 0, work, 0, batch);
        mix(batch, work, out, work32);
    }

    /**
     * A chunk of T positions of B sequences, layer-wise: the SSM steps through the chunk, then the
     * activation and output map run on all B·T positions at once (matrix products instead of T
     * matrix–vector products). u (B, T, H) → out (B, T, H), advancing {@code state}; the same
     * values as T calls of {@link #step}.
     */
    public void chunk(double[] u, int length, RecurrentState state, double[] out) {
        int batch = state.batch();
        int rows = batch * length;
        double[] work = new double[workSize(rows)];
        float[] work32 = new float[workSize32(rows)];
        recurrence.steps(u, length, state, work);                        // y (B, T, C, H) in work[0, B·T·C·H)
        addSkip(u, 0, work, 0, rows);
        mix(rows, work, out, work32);
    }

    /** y[r] += D ∘ u[r] for each row r: y rows of C·H from {@code y0}, u rows of H from {@code u0}. */
    private void addSkip(double[] u, int u0, double[] y, int y0, int rows) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                int row = y0 + (r * channels + c) * width;
                for (int j = 0; j < width; j++) {
                    y[row + j] += d[c * width + j] * u[u0 + r * width + j];
                }
            }
        }
    }

    /** Activation, output map and GLU on {@code rows} rows: y (rows, C·H) at the start of {@code work} → out (rows, H). */
    private void mix(int rows, double[] work, double[] out, float[] work32) {
        if (compact) {
            mixFloat32(rows, out, work, work32);
            return;
        }
        int ch = channels * width;
        for (int i = 0; i < rows * ch; i++) {
            work[i] = activate(work[i]);
        }
        int z0 = rows * ch;                                               // z (rows, outputs) after y
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, work, z0 + r * outputs, outputs);
        }
        weight.multiplyAdd(work, 0, rows, work, z0, work32);
        for (int r = 0; r < rows; r++) {
            int zr = z0 + r * outputs;
            if (glu) {
                for (int j = 0; j < width; j++) {
                    out[r * width + j] = work[zr + j] * ActivationKernels.sigmoid(work[zr + width + j]);
                }
            } else {
                System.arraycopy(work, zr, out, r * width, width);
            }
        }
    }

    /** {@link #mix} of a float32 model in float32, as its convolutional view computes it. */
    private void mixFloat32(int rows, double[] out, double[] y, float[] f) {
        int n = rows * channels * width;
        for (int i = 0; i < n; i++) {
            f[i] = (float) (activation == Activation.Kind.GELU ? y[i] : activate(y[i]));
        }
        if (activation == Activation.Kind.GELU) {
            ActivationKernels.gelu(f, 0, n);
        }
        int z0 = n;                                                       // z (rows, outputs) after y
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias32, 0, f, z0 + r * outputs, outputs);
        }
        weight.multiplyAdd(f, 0, rows, f, z0);
        int g0 = z0 + rows * outputs;                                     // GLU output (rows, H) after z
        for (int r = 0; r < rows; r++) {
            int zr = z0 + r * outputs;
            if (glu) {
                ActivationKernels.glu(f, zr, zr + width, f, g0 + r * width, width);
                for (int j = 0; j < width; j++) {
                    out[r * width + j] = f[g0 + r * width + j];
                }
            } else {
                for (int j = 0; j < width; j++) {
                    out[r * width + j] = f[zr + j];
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

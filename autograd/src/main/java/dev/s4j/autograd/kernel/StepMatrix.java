package dev.s4j.autograd.kernel;

/**
 * A fixed (n, m) matrix of a recurrent step, stored transposed for {@link #multiplyAdd}, in float64
 * or (for a float32 model, whose weights are float32 already) in float32; the products are
 * accumulated in float64 either way.
 */
public final class StepMatrix {
    final int n;
    final int m;
    final double[] wT;
    final float[] wT32;

    private StepMatrix(double[] w, int m, int n, boolean compact) {
        if (w.length != m * n) {
            throw new IllegalArgumentException("StepMatrix: " + w.length + " values for (" + m + ", " + n + ")");
        }
        this.n = n;
        this.m = m;
        double[] t = new double[n * m];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                t[i * m + j] = w[j * n + i];
            }
        }
        this.wT = compact ? null : t;
        this.wT32 = compact ? ComplexRows.narrow(t) : null;
    }

    /** The (m, n) row-major matrix {@code w} (such as a linear layer's (out, in) weight), in float32 if {@code compact}. */
    public static StepMatrix of(double[] w, int m, int n, boolean compact) {
        return new StepMatrix(w, m, n, compact);
    }

    /** Rows m (outputs). */
    public int outputs() {
        return m;
    }

    /** Columns n (inputs). */
    public int inputs() {
        return n;
    }

    /** {@code out[o0 + j] += Σ_i W[j, i] · x[x0 + i]} for j &lt; m, each output summed over i in order with fused multiply–adds. */
    public void multiplyAdd(double[] x, int x0, double[] out, int o0) {
        StepKernels.multiplyAdd(this, x, x0, out, o0);
    }
}

package dev.s4j.autograd.kernel;

import java.util.Arrays;

/**
 * A fixed (m, n) matrix of a recurrent step, stored transposed for {@link #multiplyAdd}: in float64,
 * or for a float32 model (whose weights are float32 already) in float32, multiplied in float32.
 */
public final class StepMatrix {
    /**
     * Float32 values after the weights and after a work space's outputs, so that a vector of the
     * last outputs stays in bounds (for vectors of up to 2048 bits).
     */
    static final int PAD = 64;

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
        this.wT32 = compact ? Arrays.copyOf(ComplexRows.narrow(t), n * m + PAD) : null;
    }

    /** The (m, n) row-major matrix {@code w} (such as a linear layer's (out, in) weight), in float32 if {@code compact}. */
    public static StepMatrix of(double[] w, int m, int n, boolean compact) {
        return new StepMatrix(w, m, n, compact);
    }

    /** Rows m (outputs). */
    public int outputs() {
        return m;
    }

    /** Float32 work space {@link #multiplyAdd(double[], int, int, double[], int, float[])} needs for {@code rows} rows. */
    public int workSize(int rows) {
        return wT32 == null ? 0 : rows * (n + m) + PAD;
    }

    /**
     * {@code out[r, j] += Σ_i W[j, i] · x[r, i]} for {@code rows} rows (x rows of n values from
     * {@code x0}, out rows of m from {@code o0}), each output summed over i in order with fused
     * multiply–adds: in float64, or for a compact matrix in float32 (x rounded to float32 first,
     * each sum added to out at the end).
     *
     * @param work at least {@link #workSize(int)} floats, overwritten
     */
    public void multiplyAdd(double[] x, int x0, int rows, double[] out, int o0, float[] work) {
        if (wT32 == null) {
            for (int r = 0; r < rows; r++) {
                StepKernels.multiplyAdd(this, x, x0 + r * n, out, o0 + r * m);
            }
            return;
        }
        int sums = rows * n;
        for (int i = 0; i < sums; i++) {
            work[i] = (float) x[x0 + i];
        }
        java.util.Arrays.fill(work, sums, sums + rows * m, 0f);
        StepKernels.multiplyAdd(this, work, 0, rows, work, sums);
        for (int i = 0; i < rows * m; i++) {
            out[o0 + i] += work[sums + i];
        }
    }

    /** {@code out[r, j] += Σ_i W[j, i] · x[r, i]} in float32, for a compact matrix. */
    public void multiplyAdd(float[] x, int x0, int rows, float[] out, int o0) {
        if (wT32 == null) {
            throw new IllegalStateException("StepMatrix: a float64 matrix multiplies float64 rows");
        }
        StepKernels.multiplyAdd(this, x, x0, rows, out, o0);
    }
}

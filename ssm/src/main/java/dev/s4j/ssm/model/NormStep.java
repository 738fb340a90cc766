package dev.s4j.ssm.model;

import java.util.Map;

/**
 * The normalization of one residual block at one position, in evaluation, on float64 arrays:
 * layer norm over the H channels ({@code (h − mean)/√(var + ε)·γ + β}, biased variance), batch
 * norm with its running statistics folded into a scale and shift, or nothing.
 */
final class NormStep {
    private final Norm kind;
    private final int width;
    private final double eps;
    private final double[] scale;
    private final double[] shift;

    /** From the backbone's tensors {@code norm<i>.…} (in {@code state}, as float64). */
    NormStep(Norm kind, int width, double eps, Map<String, double[]> state, String prefix) {
        this.kind = kind;
        this.width = width;
        this.eps = eps;
        switch (kind) {
            case LAYER -> {
                scale = state.get(prefix + "weight");
                shift = state.get(prefix + "bias");
            }
            case BATCH -> {
                double[] w = state.get(prefix + "weight");
                double[] b = state.get(prefix + "bias");
                double[] mean = state.get(prefix + "running_mean");
                double[] var = state.get(prefix + "running_var");
                scale = new double[width];
                shift = new double[width];
                for (int j = 0; j < width; j++) {
                    scale[j] = w[j] / Math.sqrt(var[j] + eps);
                    shift[j] = b[j] - mean[j] * scale[j];
                }
            }
            default -> {
                scale = null;
                shift = null;
            }
        }
    }

    /**
     * Σ_j (x[r + j] − c), or Σ_j (x[r + j] − c)² if {@code square}, over one row: in four
     * interleaved partial sums (j mod 4), added as (s₀ + s₁) + (s₂ + s₃), a fixed order that does
     * not wait on one chain of additions.
     */
    private double sum(double[] x, int r, double c, boolean square) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 4 <= width; j += 4) {
            double a0 = x[r + j] - c;
            double a1 = x[r + j + 1] - c;
            double a2 = x[r + j + 2] - c;
            double a3 = x[r + j + 3] - c;
            s0 += square ? a0 * a0 : a0;
            s1 += square ? a1 * a1 : a1;
            s2 += square ? a2 * a2 : a2;
            s3 += square ? a3 * a3 : a3;
        }
        for (; j < width; j++) {
            double a = x[r + j] - c;
            s0 += square ? a * a : a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Normalizes each of {@code batch} rows of {@code x} (B, H) into {@code out} (which may be x). */
    void apply(double[] x, double[] out, int batch) {
        for (int b = 0; b < batch; b++) {
            int r = b * width;
            switch (kind) {
                case LAYER -> {
                    double mean = sum(x, r, 0, false) / width;
                    double var = sum(x, r, mean, true);
                    double rstd = 1 / Math.sqrt(var / width + eps);
                    for (int j = 0; j < width; j++) {
                        out[r + j] = (x[r + j] - mean) * rstd * scale[j] + shift[j];
                    }
                }
                case BATCH -> {
                    for (int j = 0; j < width; j++) {
                        out[r + j] = x[r + j] * scale[j] + shift[j];
                    }
                }
                case NONE -> {
                    if (out != x) {
                        System.arraycopy(x, r, out, r, width);
                    }
                }
            }
        }
    }
}

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

    /** Normalizes each of {@code batch} rows of {@code x} (B, H) into {@code out} (which may be x). */
    void apply(double[] x, double[] out, int batch) {
        for (int b = 0; b < batch; b++) {
            int r = b * width;
            switch (kind) {
                case LAYER -> {
                    double mean = 0;
                    for (int j = 0; j < width; j++) {
                        mean += x[r + j];
                    }
                    mean /= width;
                    double var = 0;
                    for (int j = 0; j < width; j++) {
                        double d = x[r + j] - mean;
                        var += d * d;
                    }
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

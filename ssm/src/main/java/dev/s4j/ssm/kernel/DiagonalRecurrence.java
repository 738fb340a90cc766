package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.ComplexRows;
import dev.s4j.autograd.kernel.StepKernels;

/**
 * Step mode of S4D: per mode, {@code x ← Ā x + B̄ u} and {@code y = 2 Re Σ_n C_n x_n}: O(N) per
 * step and state space, in the model's precision (state and coefficients mode-major).
 */
final class DiagonalRecurrence extends AbstractRecurrence {
    /** State spaces per block: 64 of them, N/2 = 32 modes each, are 16 KiB of float32 state (32 KiB of float64). */
    static final int BLOCK = 64;
    /** State spaces per pass when a batch shares one: their coefficients stay in L1 while every sequence steps them. */
    static final int SHARED_BLOCK = 16;
    private final int modes;
    private final ComplexRows a;
    private final ComplexRows b;
    private final ComplexRows c;

    /** From Ā, B̄ (H, N/2) and C (C, H, N/2). */
    DiagonalRecurrence(Tensor aBar, Tensor bBar, Tensor c) {
        super(aBar.size(0), c.size(0), aBar.size(1), true);
        this.modes = aBar.size(1);
        boolean compact = !c.dtype().isDoublePrecision();
        this.a = rows(aBar, compact);
        this.b = rows(bBar, compact);
        this.c = rows(c, compact);
    }

    private ComplexRows rows(Tensor t, boolean compact) {
        return ComplexRows.of(Kernels.modeMajor(Kernels.re(t), width, modes), Kernels.modeMajor(Kernels.im(t), width, modes), modes,
                width, compact);
    }

    @Override
    public boolean singlePrecisionState() {
        return c.isCompact();
    }

    @Override
    public void step(double[] u, RecurrentState state, double[] y) {
        state.check(this);
        boolean single = state.isSinglePrecision();
        int batch = state.batch();
        float[] f = single ? state.scratch32((1 + channels) * width) : null;   // u, then C·H sums
        int block = batch == 1 ? BLOCK : SHARED_BLOCK;
        for (int h0 = 0; h0 < width; h0 += block) {
            int h1 = Math.min(width, h0 + block);
            for (int bIdx = 0; bIdx < batch; bIdx++) {
                int x0 = bIdx * modes * width;
                if (single) {
                    for (int h = h0; h < h1; h++) {
                        f[h] = (float) u[bIdx * width + h];
                    }
                }
                if (channels == 1) {                                  // x ← Ā x + B̄ u and Σ C x in one pass
                    int o = bIdx * width;
                    if (single) {
                        StepKernels.diagonalStep(a, b, c, state.re32, state.im32, x0, modes, width, h0, h1, f, 0, f, width);
                        for (int h = h0; h < h1; h++) {
                            y[o + h] = 2 * (double) f[width + h];
                        }
                    } else {
                        StepKernels.diagonalStep(a, b, c, state.re, state.im, x0, modes, width, h0, h1, u, o, y, o);
                        for (int h = h0; h < h1; h++) {
                            y[o + h] *= 2;
                        }
                    }
                    continue;
                }
                if (single) {
                    StepKernels.diagonalUpdate(a, b, state.re32, state.im32, x0, modes, width, h0, h1, f, 0);
                } else {
                    StepKernels.diagonalUpdate(a, b, state.re, state.im, x0, modes, width, h0, h1, u, bIdx * width);
                }
                for (int ch = 0; ch < channels; ch++) {           // y = 2 Re Σ C x
                    int o = (bIdx * channels + ch) * width;
                    realProducts(c, ch * modes, false, state, x0, h0, h1, f, (1 + ch) * width, y, o);
                    for (int h = h0; h < h1; h++) {
                        y[o + h] *= 2;
                    }
                }
            }
        }
    }

    @Override
    public void steps(double[] u, int length, RecurrentState state, double[] y) {
        if (channels != 1) {
            super.steps(u, length, state, y);
            return;
        }
        state.check(this);
        boolean single = state.isSinglePrecision();
        int n = length * width;
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            int x0 = bIdx * modes * width;
            int at = bIdx * n;                                    // u and y of this entry: (L, H) from at
            if (single) {
                float[] u32 = new float[n];
                float[] y32 = new float[n];
                for (int i = 0; i < n; i++) {
                    u32[i] = (float) u[at + i];
                }
                StepKernels.diagonalRun(a, b, c, state.re32, state.im32, x0, modes, width, u32, length, y32);
                for (int i = 0; i < n; i++) {
                    y[at + i] = 2 * y32[i];
                }
            } else {
                double[] uh = java.util.Arrays.copyOfRange(u, at, at + n);
                double[] yh = new double[n];
                StepKernels.diagonalRun(a, b, c, state.re, state.im, x0, modes, width, uh, length, yh);
                for (int i = 0; i < n; i++) {
                    y[at + i] = 2 * yh[i];
                }
            }
        }
    }

    @Override
    public void advance(double[] u, int length, RecurrentState state) {
        state.check(this);
        boolean single = state.isSinglePrecision();
        double[] columns = single ? null : new double[length * width];       // u position-major, (L, H)
        float[] columns32 = single ? new float[length * width] : null;
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            for (int h = 0; h < width; h++) {
                int row = (bIdx * width + h) * length;
                for (int t = 0; t < length; t++) {
                    if (single) {
                        columns32[t * width + h] = (float) u[row + t];
                    } else {
                        columns[t * width + h] = u[row + t];
                    }
                }
            }
            int x0 = bIdx * modes * width;
            if (single) {
                StepKernels.diagonalAdvance(a, b, state.re32, state.im32, x0, modes, width, columns32, length);
            } else {
                StepKernels.diagonalAdvance(a, b, state.re, state.im, x0, modes, width, columns, length);
            }
        }
    }
}

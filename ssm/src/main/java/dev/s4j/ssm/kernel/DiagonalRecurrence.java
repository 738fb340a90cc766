package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.StepKernels;

/**
 * Step mode of S4D: per mode, {@code x ← Ā x + B̄ u} and {@code y = 2 Re Σ_n C_n x_n}: O(N) per
 * step and state space.
 */
final class DiagonalRecurrence implements Recurrence {
    private final int width;
    private final int channels;
    private final int modes;
    private final double[] aRe;
    private final double[] aIm;
    private final double[] bRe;
    private final double[] bIm;
    private final double[] cRe;
    private final double[] cIm;

    /** From Ā, B̄ (H, N/2) and C (C, H, N/2). */
    DiagonalRecurrence(Tensor aBar, Tensor bBar, Tensor c) {
        this.width = aBar.size(0);
        this.modes = aBar.size(1);
        this.channels = c.size(0);
        this.aRe = Kernels.re(aBar);
        this.aIm = Kernels.im(aBar);
        this.bRe = Kernels.re(bBar);
        this.bIm = Kernels.im(bBar);
        this.cRe = Kernels.re(c);
        this.cIm = Kernels.im(c);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int stateSize() {
        return modes;
    }

    @Override
    public boolean complexState() {
        return true;
    }

    @Override
    public void step(double[] u, RecurrentState state, double[] y) {
        state.check(this);
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            int x0 = bIdx * width * modes;
            StepKernels.diagonalUpdate(aRe, aIm, bRe, bIm, state.re, state.im, x0, width, modes, u, bIdx * width);
            for (int ch = 0; ch < channels; ch++) {
                StepKernels.realProducts(cRe, cIm, ch * width * modes, state.re, state.im, x0, width, modes, 2, y,
                        (bIdx * channels + ch) * width);
            }
        }
    }

    @Override
    public void advance(double[] u, int length, RecurrentState state) {
        state.check(this);
        double[] column = state.scratch(width);
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            int x0 = bIdx * width * modes;
            for (int t = 0; t < length; t++) {
                for (int h = 0; h < width; h++) {
                    column[h] = u[(bIdx * width + h) * length + t];
                }
                StepKernels.diagonalUpdate(aRe, aIm, bRe, bIm, state.re, state.im, x0, width, modes, column, 0);
            }
        }
    }
}

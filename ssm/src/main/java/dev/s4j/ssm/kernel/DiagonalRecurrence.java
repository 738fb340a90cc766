package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;

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
        double[] xr = state.re;
        double[] xi = state.im;
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            for (int h = 0; h < width; h++) {
                double uk = u[bIdx * width + h];
                int base = (bIdx * width + h) * modes;
                int p = h * modes;
                for (int n = 0; n < modes; n++) {
                    double r = aRe[p + n] * xr[base + n] - aIm[p + n] * xi[base + n] + bRe[p + n] * uk;
                    double i = aRe[p + n] * xi[base + n] + aIm[p + n] * xr[base + n] + bIm[p + n] * uk;
                    xr[base + n] = r;
                    xi[base + n] = i;
                }
                for (int ch = 0; ch < channels; ch++) {
                    int cp = (ch * width + h) * modes;
                    double s = 0;
                    for (int n = 0; n < modes; n++) {
                        s += cRe[cp + n] * xr[base + n] - cIm[cp + n] * xi[base + n];
                    }
                    y[(bIdx * channels + ch) * width + h] = 2 * s;
                }
            }
        }
    }
}

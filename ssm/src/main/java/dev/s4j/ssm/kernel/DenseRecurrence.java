package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;

/** Step mode of a dense SSM: {@code x ← Ā x + B̄ u}, {@code y = C x}; O(N²) per step and state space. */
final class DenseRecurrence extends AbstractRecurrence {
    private final int n;
    private final double[] a;
    private final double[] b;
    private final double[] c;

    /** From Ā (H, N, N), B̄ (H, N) and C (C, H, N), all real. */
    DenseRecurrence(Tensor aBar, Tensor bBar, Tensor c) {
        super(aBar.size(0), c.size(0), aBar.size(1), false);
        this.n = aBar.size(1);
        this.a = Kernels.re(aBar);
        this.b = Kernels.re(bBar);
        this.c = Kernels.re(c);
    }

    @Override
    public void step(double[] u, RecurrentState state, double[] y) {
        state.check(this);
        double[] x = state.re;
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            int x0 = bIdx * n * width;
            for (int h = 0; h < width; h++) {
                update(state, x0, h, u[bIdx * width + h]);
                for (int ch = 0; ch < channels; ch++) {
                    int cp = (ch * width + h) * n;
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += c[cp + i] * x[x0 + i * width + h];
                    }
                    y[(bIdx * channels + ch) * width + h] = s;
                }
            }
        }
    }

    @Override
    public void advance(double[] u, int length, RecurrentState state) {
        state.check(this);
        for (int bIdx = 0; bIdx < state.batch(); bIdx++) {
            for (int h = 0; h < width; h++) {
                int row = (bIdx * width + h) * length;
                for (int t = 0; t < length; t++) {
                    update(state, bIdx * n * width, h, u[row + t]);
                }
            }
        }
    }

    /** x ← Ā x + B̄ u for state space h (state (N, H) from {@code x0}). */
    private void update(RecurrentState state, int x0, int h, double uk) {
        double[] x = state.re;
        double[] next = state.scratch(n);
        for (int i = 0; i < n; i++) {
            double s = b[h * n + i] * uk;
            int row = (h * n + i) * n;
            for (int k = 0; k < n; k++) {
                s += a[row + k] * x[x0 + k * width + h];
            }
            next[i] = s;
        }
        for (int i = 0; i < n; i++) {
            x[x0 + i * width + h] = next[i];
        }
    }
}

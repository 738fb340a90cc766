package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.VandermondeJob;

/**
 * The real Vandermonde product and its gradient sums in float64 with plain loops (the reference
 * path): powers z^ℓ advance by one multiplication per step, in O(N·L) time and O(N) memory.
 */
final class VandermondeReference {
    private VandermondeReference() {
    }

    static void forward(VandermondeJob job, Storage c, Storage z, Storage out) {
        int l = job.l();
        int n = job.n();
        Parallel.range(job.m() * job.r(), Math.max(1, 4096 / Math.max(1, n * l)), (from, to) -> {
            double[] acc = new double[l];
            for (int row = from; row < to; row++) {
                int r = row % job.r();
                java.util.Arrays.fill(acc, 0);
                for (int j = 0; j < n; j++) {
                    double zr = z.re(r * n + j);
                    double zi = z.im(r * n + j);
                    double pr = c.re(row * n + j);
                    double pi = c.im(row * n + j);
                    // p = c·z^ℓ, advanced by one multiplication per step
                    for (int k = 0; k < l; k++) {
                        acc[k] += 2 * pr;
                        double t = pr * zr - pi * zi;
                        pi = pr * zi + pi * zr;
                        pr = t;
                    }
                }
                for (int k = 0; k < l; k++) {
                    out.setRe(row * l + k, acc[k]);
                }
            }
        });
    }

    /**
     * Per (m, r, n): sums[0..1] = T = Σ_ℓ g_ℓ z^ℓ, sums[2..3] = V = Σ_ℓ ℓ·g_ℓ z^ℓ (layout of
     * {@link VandermondeKernels#assemble}).
     */
    static void sums(VandermondeJob job, Storage z, Storage g, double[] sums) {
        int l = job.l();
        int n = job.n();
        Parallel.range(job.m() * job.r() * n, Math.max(1, 4096 / Math.max(1, l)), (from, to) -> {
            for (int item = from; item < to; item++) {
                int row = item / n;
                int j = item % n;
                int r = row % job.r();
                double zr = z.re(r * n + j);
                double zi = z.im(r * n + j);
                double pr = 1;
                double pi = 0;
                double tr = 0;
                double ti = 0;
                double vr = 0;
                double vi = 0;
                for (int k = 0; k < l; k++) {
                    double gk = g.re(row * l + k);
                    tr += gk * pr;
                    ti += gk * pi;
                    vr += k * gk * pr;
                    vi += k * gk * pi;
                    double t = pr * zr - pi * zi;
                    pi = pr * zi + pi * zr;
                    pr = t;
                }
                sums[item * 4] = tr;
                sums[item * 4 + 1] = ti;
                sums[item * 4 + 2] = vr;
                sums[item * 4 + 3] = vi;
            }
        });
    }
}

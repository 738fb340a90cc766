package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.VandermondeJob;

/**
 * CPU entry points of the real Vandermonde product {@code out_ℓ = 2 Re Σ_n c_n z_n^ℓ}
 * ({@link VandermondeJob}). With g the (real) output gradient, T = Σ_ℓ g_ℓ z^ℓ and
 * V = Σ_ℓ ℓ g_ℓ z^ℓ:
 * <pre>
 *   grad c = 2·conj(T)          grad z = 2 Σ_m conj(c · V / z)
 * </pre>
 * (PyTorch's convention). Sums over ℓ run on the fly: O(N·L) time, O(N) extra memory. Float32
 * coefficients use {@link VandermondeVector} when the Vector API is available (z may be float32 or
 * float64), float64 coefficients {@link VandermondeReference}.
 */
public final class VandermondeKernels {
    private VandermondeKernels() {
    }

    /** out (M, R, L), real, of the storage's precision. */
    public static void forward(VandermondeJob job, Storage out) {
        if (out instanceof Storage.F32 o && VectorSupport.available()) {
            VandermondeVector.forward(job, (Storage.F32) job.c(), job.z(), o);
        } else {
            VandermondeReference.forward(job, job.c(), job.z(), out);
        }
    }

    /** Gradients of c (M, R, N) and z (R, N); either may be null. */
    public static void backward(VandermondeJob job, Storage g, Storage gc, Storage gz) {
        long size = 4L * job.m() * job.r() * job.n();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("vandermonde: " + job.m() + "×" + job.r() + "×" + job.n()
                    + " coefficients are too many for one backward pass; split the batch");
        }
        double[] sums = new double[(int) size];
        if (g instanceof Storage.F32 g32 && VectorSupport.available()) {
            VandermondeVector.sums(job, job.z(), g32, sums);
        } else {
            VandermondeReference.sums(job, job.z(), g, sums);
        }
        assemble(job, sums, g, gc, gz);
    }

    /**
     * Combines the sums (T re, T im, V re, V im per (m, r, n)) into the gradients (the formulas
     * above); also for backends that compute the sums elsewhere. Either output may be null.
     */
    public static void assemble(VandermondeJob job, double[] sums, Storage g, Storage gc, Storage gz) {
        int n = job.n();
        Storage c = job.c();
        Storage z = job.z();
        if (gz != null) {
            for (int i = 0; i < gz.length(); i++) {
                gz.setRe(i, 0);
                gz.setIm(i, 0);
            }
        }
        for (int row = 0; row < job.m() * job.r(); row++) {
            int r = row % job.r();
            for (int j = 0; j < n; j++) {
                int at = (row * n + j) * 4;
                if (gc != null) {
                    gc.setRe(row * n + j, 2 * sums[at]);
                    gc.setIm(row * n + j, -2 * sums[at + 1]);
                }
                if (gz != null) {
                    // U = V / z = Σ ℓ g z^{ℓ−1}; at z = 0 only the ℓ = 1 term, g₁, is left
                    double zr = z.re(r * n + j);
                    double zi = z.im(r * n + j);
                    double d = zr * zr + zi * zi;
                    double g1 = job.l() > 1 ? g.re(row * job.l() + 1) : 0;
                    double ur = d == 0 ? g1 : (sums[at + 2] * zr + sums[at + 3] * zi) / d;
                    double ui = d == 0 ? 0 : (sums[at + 3] * zr - sums[at + 2] * zi) / d;
                    double cr = c.re(row * n + j);
                    double ci = c.im(row * n + j);
                    // 2·conj(c·U)
                    gz.setRe(r * n + j, gz.re(r * n + j) + 2 * (cr * ur - ci * ui));
                    gz.setIm(r * n + j, gz.im(r * n + j) - 2 * (cr * ui + ci * ur));
                }
            }
        }
    }

}

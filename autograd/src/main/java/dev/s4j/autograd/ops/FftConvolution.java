package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;
import dev.s4j.autograd.kernel.ConvolutionKernels;

/**
 * Convolution of every row of u with every kernel row by FFT, fused into one op:
 * {@code y[b, c, h] = (u[b, h] ⊛ k[c, h])[0:L]}, the first L values of the length-n circular
 * convolution of the zero-padded rows. With n ≥ L + M − 1 that is the causal (linear)
 * convolution {@code y_t = Σ_j k_j u_{t−j}} (S4 §2.4); a kernel with n taps, some placed at the
 * end, also reaches later positions (a bidirectional SSM).
 *
 * <p>Forward and backward store no spectra but the kernels': backward recomputes the input's
 * spectrum (see {@link ConvolutionKernels}). Float32 with a power-of-two n runs in float32, many
 * rows per transform, when the Vector API is available; everything else row by row in float64.
 * Real tensors only. Runs on the active {@link dev.s4j.autograd.accel.Accelerator}.
 */
public final class FftConvolution {
    private FftConvolution() {
    }

    /**
     * @param u input (B, H, L)
     * @param k kernels (C, H, M), M ≤ n
     * @param n transform length, even, at least L
     * @return (B, C, H, L), u's dtype
     */
    public static Tensor apply(Tensor u, Tensor k, int n) {
        Activations.requireReal("fftConvolution", u);
        Activations.requireReal("fftConvolution", k);
        if (u.rank() != 3 || k.rank() != 3 || k.size(1) != u.size(1) || k.size(2) > n || u.size(2) > n || n % 2 != 0) {
            throw new IllegalArgumentException("fftConvolution: input " + Shape.format(u.shape()) + " and kernel "
                    + Shape.format(k.shape()) + " do not fit (need u (B, H, L), k (C, H, M) with L, M ≤ n = " + n
                    + ", n even)");
        }
        Storage ks = k.dtype() == u.dtype() ? k.storage() : k.storage().convert(u.dtype());
        ConvolutionJob d = new ConvolutionJob(u.size(0), k.size(0), u.size(1), u.size(2), k.size(2), n, ks);
        ConvolutionPlan plan = Accelerators.convolution(d);
        Storage out = Storage.allocate(u.dtype(), d.b() * d.c() * d.h() * d.l());
        plan.forward(u.storage(), out);
        Tensor y = new Tensor(out, d.b(), d.c(), d.h(), d.l());
        Storage us = u.storage();
        return Autograd.record("fftConvolution", y, g -> {
            Storage gu = u.requiresGrad() ? Storage.allocate(u.dtype(), u.numel()) : null;
            Storage gk = k.requiresGrad() ? Storage.allocate(u.dtype(), k.numel()) : null;
            Storage gs = g.dtype() == u.dtype() ? g.storage() : g.storage().convert(u.dtype());
            plan.backward(us, gs, gu, gk);
            return new Tensor[] {gu == null ? null : new Tensor(gu, u.shape()), gk == null ? null : new Tensor(gk, k.shape())};
        }, u, k);
    }
}

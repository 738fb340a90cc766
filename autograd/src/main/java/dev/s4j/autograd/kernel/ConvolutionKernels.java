package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;

/**
 * Fused FFT convolutions over rows, without any intermediate spectrum tensors. Inputs u are
 * (B, H, L) rows, kernels k are (C, H, M) rows with M ≤ n taps, outputs y (B, C, H, L) are the
 * first L values of the length-n circular convolution of the zero-padded rows:
 * <pre>
 *   y[b,c,h] = irfft(U[b,h] · K̂[c,h])[0:L]
 *   grad u[b,h] = irfft(Σ_c G[b,c,h] · conj(K̂[c,h]))[0:L]      grad k[c,h] = irfft(Σ_b G[b,c,h] · conj(U[b,h]))[0:M]
 * </pre>
 * Float32 with a power-of-two n runs on {@link ConvolutionVector} when the Vector API is
 * available; everything else on {@link ConvolutionScalar} (float64 inside).
 */
public final class ConvolutionKernels {
    private ConvolutionKernels() {
    }

    /** The CPU plan for {@code job}; the inputs and gradients passed to it must have the kernels' dtype. */
    public static ConvolutionPlan plan(ConvolutionJob job) {
        if (job.k() instanceof Storage.F32 f && VectorSupport.available() && Integer.bitCount(job.n()) == 1) {
            return new ConvolutionVector(f, job);
        }
        return new ConvolutionScalar(job.k(), job);
    }
}

package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Storage;

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

    /** Shapes of one convolution: batch B, kernel channels C, rows H, input length L, taps M, transform length n. */
    public record Dims(int b, int c, int h, int l, int m, int n) {
    }

    /** One convolution's kernel spectra, computed once, with the passes that use them. */
    public interface Plan {
        /** y (B, C, H, L) = the convolutions of every input row u (B, H, L) with every kernel channel. */
        void forward(Storage u, Storage y);

        /**
         * Gradients for y's gradient g (B, C, H, L): into gu (B, H, L) and gk (C, H, M), either
         * may be null. u and g have the kernel's dtype.
         */
        void backward(Storage u, Storage g, Storage gu, Storage gk);
    }

    /** The plan for kernels k (C, H, M); the inputs and gradients passed to it must have k's dtype. */
    public static Plan plan(Storage k, Dims d) {
        if (k instanceof Storage.F32 f && VectorSupport.available() && Integer.bitCount(d.n()) == 1) {
            return new ConvolutionVector(f, d);
        }
        return new ConvolutionScalar(k, d);
    }
}

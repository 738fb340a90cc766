package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;

/**
 * The fused FFT convolution of every input row with every kernel row (S4 §2.4, the convolutional
 * view y = K̄ ∗ u computed by FFT): inputs u (B, H, L), kernels k (C, H, M) with M ≤ n taps,
 * outputs y (B, C, H, L), the first L values of the length-n circular convolution of the
 * zero-padded rows:
 * <pre>
 *   y[b,c,h] = irfft(U[b,h] · K̂[c,h])[0:L]
 *   grad u[b,h] = irfft(Σ_c G[b,c,h] · conj(K̂[c,h]))[0:L]      grad k[c,h] = irfft(Σ_b G[b,c,h] · conj(U[b,h]))[0:M]
 * </pre>
 * with U, K̂, G the length-n spectra of u, k and the output gradient g. With n ≥ L + M − 1 the
 * result is the causal (linear) convolution.
 *
 * @param b batch B
 * @param c kernel channels C
 * @param h rows H
 * @param l input length L
 * @param m kernel taps M
 * @param n transform length, even, at least L and M
 * @param k the kernels (C, H, M), real, of the inputs' dtype
 */
public record ConvolutionJob(int b, int c, int h, int l, int m, int n, Storage k) {
}

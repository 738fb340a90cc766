/**
 * The ops, each with its forward and backward side by side. {@link dev.s4j.autograd.Tensor}'s
 * methods call them; the functional ones (FFT, Cauchy, softmax, losses, normalization, dropout,
 * embedding, the linear map) are used directly, e.g. {@code Fft.rfft(x, 2 * L)}.
 */
package dev.s4j.autograd.ops;

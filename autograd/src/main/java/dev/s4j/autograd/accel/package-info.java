/**
 * The accelerator interface for the heavy stages (batched FFT, Cauchy kernel and gradients), the
 * built-in CPU implementation, and the selection of a backend through {@link java.util.ServiceLoader}.
 */
package dev.s4j.autograd.accel;

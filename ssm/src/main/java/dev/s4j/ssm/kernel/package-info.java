/**
 * SSM convolution kernels K̄ = (CB̄, CĀB̄, …, CĀ^{L−1}B̄) and their recurrent views:
 * {@link dev.s4j.ssm.kernel.DenseKernel} (LSSL §3, Krylov), {@link dev.s4j.ssm.kernel.NplrKernel}
 * (S4 §3.2–3.3, Algorithm 1: generating function, Cauchy kernel, Woodbury; its definition beside it
 * in {@code naiveKernel}) and {@link dev.s4j.ssm.kernel.DiagonalKernel} (S4D §3, Vandermonde), each
 * configured by a {@link dev.s4j.ssm.kernel.KernelSpec}; the step mode of each is a
 * {@link dev.s4j.ssm.kernel.Recurrence} over a {@link dev.s4j.ssm.kernel.RecurrentState}. What the
 * kernels share is written once in {@code KernelModule}, what the recurrences share in
 * {@code AbstractRecurrence}.
 */
package dev.s4j.ssm.kernel;

/**
 * Tensors over float32, float64, complex64 and complex128, and the reverse-mode tape.
 *
 * <p>Start with {@link dev.s4j.autograd.Tensor}. Gradients of complex tensors follow PyTorch's
 * convention ({@code grad = ∂ℒ/∂Re + i ∂ℒ/∂Im}); {@link dev.s4j.autograd.GradCheck} verifies any op
 * against finite differences; {@link dev.s4j.autograd.Grad} and {@link dev.s4j.autograd.AnomalyMode}
 * are the recording and NaN-detection switches; {@link dev.s4j.autograd.Parallel} sizes the shared
 * thread pool.
 */
package dev.s4j.autograd;

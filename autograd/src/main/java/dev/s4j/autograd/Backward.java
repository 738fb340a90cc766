package dev.s4j.autograd;

/**
 * The backward side of a recorded op: maps the gradient of the op's output to the gradients of
 * its inputs.
 *
 * <p>Gradients follow PyTorch's convention (conjugate Wirtinger): for a real loss {@code ℒ} and a
 * complex tensor {@code z = x + iy} the gradient is {@code ∂ℒ/∂x + i ∂ℒ/∂y}. For a holomorphic op
 * {@code w = f(z)} that gives {@code grad_z = conj(f'(z)) · grad_w}.
 *
 * <p>The returned array has one entry per input, in the order the inputs were recorded; an entry
 * may be null when that input needs no gradient. An entry may have the op's broadcast shape, or a
 * complex dtype for a real input: the engine sums it back over broadcast axes, keeps the real part
 * for real inputs and converts it to the input's precision. Backward runs with gradient recording
 * disabled.
 */
@FunctionalInterface
public interface Backward {
    /**
     * @param gradOutput gradient of the loss with respect to the op's output, same shape as the output
     * @return gradients with respect to the inputs
     */
    Tensor[] apply(Tensor gradOutput);
}

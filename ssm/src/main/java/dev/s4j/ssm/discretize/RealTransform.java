package dev.s4j.ssm.discretize;

import dev.s4j.autograd.Tensor;

/**
 * How a trained parameter a becomes Re λ of a diagonal state matrix (S4D §4.3). {@code EXP}
 * ({@code Re λ = −e^a}) and {@code RELU} ({@code Re λ = −max(a, 0)}) keep every mode stable
 * (Re λ ≤ 0) whatever the optimizer does; {@code NONE} ({@code Re λ = a}) does not.
 */
public enum RealTransform {
    EXP,
    RELU,
    NONE;

    /** Re λ from the parameter. */
    public Tensor apply(Tensor a) {
        return switch (this) {
            case EXP -> a.exp().neg();
            case RELU -> a.relu().neg();
            case NONE -> a;
        };
    }

    /** The parameter value that gives {@code re} (which must be negative for EXP and RELU). */
    public double inverse(double re) {
        return switch (this) {
            case EXP -> Math.log(-re);
            case RELU -> -re;
            case NONE -> re;
        };
    }
}

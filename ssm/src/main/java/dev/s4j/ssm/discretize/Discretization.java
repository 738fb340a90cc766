package dev.s4j.ssm.discretize;

/**
 * How a continuous SSM {@code x' = Ax + Bu} becomes a discrete one {@code x_k = Ā x_{k−1} + B̄ u_k}
 * with step Δ (LSSL §2, S4 §2.3):
 * <ul>
 *   <li>GBT(α): {@code Ā = (I − αΔA)⁻¹(I + (1−α)ΔA)}, {@code B̄ = (I − αΔA)⁻¹ΔB}, with α = 0 forward
 *       Euler, α = ½ bilinear (Tustin; S4's choice), α = 1 backward Euler;</li>
 *   <li>ZOH (zero-order hold): {@code Ā = exp(ΔA)}, {@code B̄ = A⁻¹(exp(ΔA) − I)B}.</li>
 * </ul>
 */
public enum Discretization {
    FORWARD_EULER(0),
    BILINEAR(0.5),
    BACKWARD_EULER(1),
    ZOH(Double.NaN);

    private final double alpha;

    Discretization(double alpha) {
        this.alpha = alpha;
    }

    /** True for the GBT family (everything but ZOH). */
    public boolean isGbt() {
        return !Double.isNaN(alpha);
    }

    /** The GBT parameter α; only for {@link #isGbt()} methods. */
    public double alpha() {
        if (!isGbt()) {
            throw new IllegalStateException("ZOH has no GBT α");
        }
        return alpha;
    }
}

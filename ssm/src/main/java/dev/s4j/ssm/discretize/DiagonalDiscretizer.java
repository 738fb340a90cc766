package dev.s4j.ssm.discretize;

import dev.s4j.autograd.Tensor;

/**
 * Discretization of a diagonal SSM, elementwise per mode (S4D §3):
 * <pre>
 *   GBT(α):  Ā = (1 + (1−α)Δλ)/(1 − αΔλ),   B̄ = ΔB/(1 − αΔλ)
 *   ZOH:     Ā = e^{Δλ},                     B̄ = (e^{Δλ} − 1)/λ · B
 * </pre>
 * Differentiable in λ, B and Δ.
 */
public final class DiagonalDiscretizer {
    private DiagonalDiscretizer() {
    }

    /** The discrete system: Ā and B̄, both (H, N). */
    public record Discrete(Tensor aBar, Tensor bBar) {
    }

    /**
     * @param lambda (H, N) complex eigenvalues
     * @param b      (H, N) complex input vector
     * @param dt     (H) real steps
     */
    public static Discrete discretize(Tensor lambda, Tensor b, Tensor dt, Discretization method) {
        Tensor dtCol = dt.unsqueeze(-1);                 // (H, 1)
        Tensor dl = lambda.mul(dtCol);                   // Δλ (H, N)
        if (method == Discretization.ZOH) {
            Tensor aBar = dl.exp();
            return new Discrete(aBar, aBar.sub(1).div(lambda).mul(b));
        }
        double alpha = method.alpha();
        Tensor denom = dl.mul(-alpha).add(1);            // 1 − αΔλ
        Tensor aBar = dl.mul(1 - alpha).add(1).div(denom);
        return new Discrete(aBar, b.mul(dtCol).div(denom));
    }
}

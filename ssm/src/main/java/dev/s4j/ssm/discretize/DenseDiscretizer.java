package dev.s4j.ssm.discretize;

import dev.s4j.autograd.Shape;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Linalg;

/**
 * Discretization of a dense SSM per channel (LSSL §2): for each step Δ_h,
 * <pre>
 *   GBT(α):  Ā = (I − αΔA)⁻¹(I + (1−α)ΔA),   B̄ = (I − αΔA)⁻¹ ΔB      (one linear solve)
 *   ZOH:     [Ā B̄; 0 1] = exp([ΔA ΔB; 0 0])                        (no inverse of A needed)
 * </pre>
 * Real or complex A; differentiable in A, B and Δ.
 */
public final class DenseDiscretizer {
    private DenseDiscretizer() {
    }

    /** The discrete system: Ā (H, N, N) and B̄ (H, N). */
    public record Discrete(Tensor aBar, Tensor bBar) {
    }

    /**
     * @param a  (N, N) shared, or (H, N, N)
     * @param b  (N) shared, or (H, N)
     * @param dt (H) steps
     */
    public static Discrete discretize(Tensor a, Tensor b, Tensor dt, Discretization method) {
        int n = a.size(-1);
        if (a.size(-2) != n || b.size(-1) != n) {
            throw new IllegalArgumentException("discretize: A " + Shape.format(a.shape()) + " and B " + Shape.format(b.shape())
                    + " do not describe one state of size N");
        }
        Tensor dt3 = dt.reshape(-1, 1, 1);                        // (H, 1, 1)
        Tensor dA = a.mul(dt3);                                    // ΔA (H, N, N)
        Tensor dB = b.unsqueeze(-1).mul(dt3);                      // ΔB (H, N, 1)
        if (method == Discretization.ZOH) {
            int h = dA.size(0);
            // augmented [ΔA ΔB; 0 0] of size N + 1
            Tensor top = Tensor.cat(-1, dA, dB);                   // (H, N, N + 1)
            Tensor aug = top.pad(-2, 0, 1);                        // (H, N + 1, N + 1)
            Tensor e = MatrixExp.apply(aug);
            Tensor aBar = e.slice(-2, 0, n).slice(-1, 0, n);
            Tensor bBar = e.slice(-2, 0, n).select(-1, n);
            return new Discrete(aBar.reshape(h, n, n), bBar.reshape(h, n));
        }
        double alpha = method.alpha();
        Tensor eye = identity(n, a.dtype());
        Tensor lhs = eye.sub(dA.mul(alpha));                       // I − αΔA
        Tensor rhs = Tensor.cat(-1, eye.add(dA.mul(1 - alpha)), dB);   // [I + (1−α)ΔA | ΔB]
        Tensor x = Linalg.solve(lhs, rhs);                         // (H, N, N + 1)
        return new Discrete(x.slice(-1, 0, n), x.select(-1, n));
    }

    /** The n×n identity of the real precision {@code dtype}: I in A's (or Ā's) basis. */
    public static Tensor identity(int n, DType dtype) {
        Tensor eye = Tensor.zeros(dtype.toReal(), n, n);
        for (int i = 0; i < n; i++) {
            eye.storage().setRe(i * n + i, 1);
        }
        return eye;
    }
}

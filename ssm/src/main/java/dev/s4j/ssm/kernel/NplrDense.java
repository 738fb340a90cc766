package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Linalg;
import dev.s4j.ssm.discretize.DenseDiscretizer;
import dev.s4j.ssm.discretize.Discretization;

/**
 * Dense work on the full (both members of every conjugate pair) N-dimensional basis of an NPLR
 * system, in complex128 tensor ops: the bilinear Ā, its powers, and the conversions between the
 * output matrix C and the learned C̃ = C(I − Ā^L) of S4's truncated generating function
 * (S4 §3.2, Appendix C.3). Used where the length L changes meaning (doubling, a new rate) and by
 * step mode; O(N³ log L) per state space. Differentiable.
 */
final class NplrDense {
    private NplrDense() {
    }

    /** [x, conj(x)] along the last axis: the stored half of a conjugate-pair basis, completed. */
    static Tensor full(Tensor half) {
        return Tensor.cat(-1, half, half.conj());
    }

    /** A = diag(Λ) − Σ_r P_r P_r* on the full basis: (H, N, N) complex128. */
    static Tensor stateMatrix(Tensor lambda, Tensor p) {
        Tensor lf = full(lambda.to(DType.COMPLEX128));                       // (H, N)
        Tensor pf = full(p.to(DType.COMPLEX128));                            // (r, H, N)
        Tensor lowRank = pf.unsqueeze(-1).mul(pf.conj().unsqueeze(-2)).sum(0);   // (H, N, N)
        return DenseDiscretizer.identity(lf.size(-1), DType.FLOAT64).mul(lf.unsqueeze(-2)).sub(lowRank);
    }

    /** Bilinear Ā (H, N, N) for steps dt (H). */
    static Tensor transition(Tensor lambda, Tensor p, Tensor dt) {
        Tensor a = stateMatrix(lambda, p);
        Tensor zeroB = Tensor.zeros(DType.FLOAT64, a.size(-1));
        return DenseDiscretizer.discretize(a, zeroB, dt.to(DType.FLOAT64), Discretization.BILINEAR).aBar();
    }

    /** a^e by repeated squaring (e ≥ 1). */
    static Tensor power(Tensor a, long e) {
        Tensor result = null;
        Tensor base = a;
        while (e > 0) {
            if ((e & 1) != 0) {
                result = result == null ? base : result.matmul(base);
            }
            e >>= 1;
            if (e > 0) {
                base = base.matmul(base);
            }
        }
        return result;
    }

    /** I ± m for a batch of square matrices. */
    static Tensor identityPlus(Tensor m, double sign) {
        return DenseDiscretizer.identity(m.size(-1), DType.FLOAT64).add(m.mul(sign));
    }

    /** The stored half of the row vectors {@code half · m} over the full basis: (C, H, N/2). */
    static Tensor rowTimes(Tensor half, Tensor m) {
        Tensor row = full(half.to(DType.COMPLEX128)).unsqueeze(-2);          // (C, H, 1, N)
        Tensor out = row.matmul(m).squeeze(-2);                              // (C, H, N)
        return out.slice(-1, 0, half.size(-1));
    }

    /** C = C̃ (I − Ā^L)⁻¹, stored half: solves (I − Ā^L)ᵀ Cᵀ = C̃ᵀ. */
    static Tensor outputFromTilde(Tensor cTilde, Tensor aBar, int length) {
        Tensor x = identityPlus(power(aBar, length), -1).transpose(-1, -2);   // (H, N, N)
        Tensor rhs = full(cTilde.to(DType.COMPLEX128)).permute(1, 2, 0);      // (H, N, C)
        Tensor sol = Linalg.solve(x, rhs).permute(2, 0, 1);                   // (C, H, N)
        return sol.slice(-1, 0, cTilde.size(-1));
    }

    /** C̃ = C (I − Ā^L), stored half. */
    static Tensor tildeFromOutput(Tensor c, Tensor aBar, int length) {
        return rowTimes(c, identityPlus(power(aBar, length), -1));
    }
}

package dev.s4j.ssm.discretize;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;

/**
 * Matrix exponential of a batch {@code (…, N, N)} by scaling and squaring: with s chosen so
 * that ‖M/2ˢ‖₁ ≤ ½, a degree-16 Taylor polynomial of M/2ˢ (truncation below 1e-20 relative) is
 * squared s times. Built from matmul and add, so it is differentiable.
 */
public final class MatrixExp {
    private static final int DEGREE = 16;

    private MatrixExp() {
    }

    /** exp(M) for each matrix of the batch. */
    public static Tensor apply(Tensor m) {
        double norm;
        try (var off = Grad.disabled()) {
            // max over the batch of the 1-norm (max column sum of |m|)
            norm = m.abs().sum(new int[] {-2}, false).max().item();
        }
        int s = norm > 0.5 ? (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2)) : 0;
        Tensor x = s == 0 ? m : m.div(Math.pow(2, s));
        int n = m.size(-1);
        Tensor eye = DenseDiscretizer.identity(n, m.dtype());
        // Horner: I + X(I + X/2(I + X/3(…)))
        Tensor e = eye;
        for (int k = DEGREE; k >= 1; k--) {
            e = eye.add(x.matmul(e).div(k));
        }
        for (int i = 0; i < s; i++) {
            e = e.matmul(e);
        }
        return e;
    }
}

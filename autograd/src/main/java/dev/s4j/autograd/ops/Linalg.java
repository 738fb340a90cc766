package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.LuSolve;
import java.util.Arrays;

/**
 * Dense linear algebra on batches of small matrices: solving linear systems. Factorizations run
 * in float64 with partial pivoting; results come back in the inputs' dtype.
 */
public final class Linalg {
    private Linalg() {
    }

    /**
     * X with {@code A X = B}: A {@code (…, N, N)}, B {@code (…, N, K)} (batch axes broadcast),
     * real or complex.
     *
     * <p>Backward ({@code X = A⁻¹B}): {@code grad_B = A⁻ᴴ G}, {@code grad_A = −grad_B Xᴴ}.
     *
     * @throws ArithmeticException if a matrix of the batch is singular
     */
    public static Tensor solve(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length < 2 || bs.length < 2 || as[as.length - 1] != as[as.length - 2] || bs[bs.length - 2] != as[as.length - 1]) {
            throw new IllegalArgumentException("solve: A " + Shape.format(as) + " must be (…, N, N) and B "
                    + Shape.format(bs) + " (…, N, K)");
        }
        int n = as[as.length - 1];
        int k = bs[bs.length - 1];
        int[] batch = Shape.broadcast(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2), "solve");
        int[] aFull = Arrays.copyOf(batch, batch.length + 2);
        aFull[batch.length] = n;
        aFull[batch.length + 1] = n;
        int[] bFull = Arrays.copyOf(batch, batch.length + 2);
        bFull[batch.length] = n;
        bFull[batch.length + 1] = k;
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor ae = a.detach().expand(aFull);
        Tensor be = b.detach().expand(bFull);
        Storage sa = ae.dtype() == dt ? ae.storage() : ae.storage().convert(dt);
        Storage sb = be.dtype() == dt ? be.storage() : be.storage().convert(dt);
        Storage out = Storage.allocate(dt, Shape.numel(bFull));
        LuSolve.solve(sa, sb, out, Shape.numel(batch), n, k);
        Tensor x = new Tensor(out, bFull);
        return Autograd.record("solve", x, g -> {
            Tensor ah = a.detach().conj().transpose(-1, -2);
            Tensor gb = solve(ah, g);
            return new Tensor[] {a.requiresGrad() ? MatMul.product(gb, false, x, true).neg() : null, gb};
        }, a, b);
    }
}

package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.Gemm;
import java.util.Arrays;

/**
 * Matrix product with numpy semantics: {@code (…, M, K) × (…, K, N) → (…, M, N)}, batch axes
 * broadcast, a 1-d operand treated as a vector (two vectors give their 0-d dot product, without
 * conjugation). Real or complex (planar: four real products).
 *
 * <p>Backward: {@code grad_A = G·Bᴴ}, {@code grad_B = Aᴴ·G} (ᴴ = conjugate transpose of the last
 * two axes), computed without materializing any transpose.
 */
public final class MatMul {
    private MatMul() {
    }

    /** {@code a · b}. */
    public static Tensor apply(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have at least one axis, got shapes "
                    + Shape.format(a.shape()) + " and " + Shape.format(b.shape()));
        }
        if (a.rank() == 1 && b.rank() == 1) {
            return apply(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (a.rank() == 1) {
            return apply(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.rank() == 1) {
            return apply(a, b.unsqueeze(1)).squeeze(-1);
        }
        int k = a.size(-1);
        if (b.size(-2) != k) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.format(a.shape()) + " and " + Shape.format(b.shape())
                    + " do not match: inner dimensions " + k + " and " + b.size(-2) + " differ");
        }
        Tensor y = product(a, false, b, false);
        return Autograd.record("matmul", y, g -> new Tensor[] {
            a.requiresGrad() ? product(g, false, b, true) : null,
            b.requiresGrad() ? product(a, true, g, false) : null}, a, b);
    }

    /**
     * {@code op(a) · op(b)} without recording, where op is the conjugate transpose of the last two
     * axes when the flag is set. Batch axes broadcast.
     */
    public static Tensor product(Tensor a, boolean adjA, Tensor b, boolean adjB) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int m = adjA ? as[as.length - 1] : as[as.length - 2];
        int k = adjA ? as[as.length - 2] : as[as.length - 1];
        int kb = adjB ? bs[bs.length - 1] : bs[bs.length - 2];
        int n = adjB ? bs[bs.length - 2] : bs[bs.length - 1];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions " + k + " and " + kb + " differ");
        }
        int[] aBatch = Arrays.copyOf(as, as.length - 2);
        int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Shape.broadcast(aBatch, bBatch, "matmul");
        int nb = Shape.numel(batch);
        int[] ai = batchIndex(aBatch, batch);
        int[] bi = batchIndex(bBatch, batch);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        DType dt = DType.promote(a.dtype(), b.dtype());
        Storage sa = a.dtype() == dt ? a.storage() : a.storage().convert(dt);
        Storage sb = b.dtype() == dt ? b.storage() : b.storage().convert(dt);
        Storage out = Storage.allocate(dt, Shape.numel(outShape));
        int aSize = m * k;
        int bSize = k * n;
        int cSize = m * n;
        Gemm.Offsets offsets = (t, o) -> {
            o[0] = ai[t] * aSize;
            o[1] = bi[t] * bSize;
            o[2] = t * cSize;
        };
        if (!dt.isComplex()) {
            gemm(new Gemm.Spec(nb, m, n, k, adjA, adjB, 1, false), sa.realPart(), sb.realPart(), out, offsets);
        } else {
            double signA = adjA ? -1 : 1;
            double signB = adjB ? -1 : 1;
            Storage ar = sa.realPart();
            Storage aim = sa.imagPart();
            Storage br = sb.realPart();
            Storage bim = sb.imagPart();
            Storage cr = out.realPart();
            Storage ci = out.imagPart();
            // Cr = Ar·Br − sA·sB·Ai·Bi ; Ci = sB·Ar·Bi + sA·Ai·Br
            gemm(new Gemm.Spec(nb, m, n, k, adjA, adjB, 1, false), ar, br, cr, offsets);
            gemm(new Gemm.Spec(nb, m, n, k, adjA, adjB, -signA * signB, true), aim, bim, cr, offsets);
            gemm(new Gemm.Spec(nb, m, n, k, adjA, adjB, signB, false), ar, bim, ci, offsets);
            gemm(new Gemm.Spec(nb, m, n, k, adjA, adjB, signA, true), aim, br, ci, offsets);
        }
        return new Tensor(out, outShape);
    }

    private static void gemm(Gemm.Spec spec, Storage a, Storage b, Storage c, Gemm.Offsets offsets) {
        if (c instanceof Storage.F32 cf) {
            Gemm.gemm(spec, ((Storage.F32) a).re, ((Storage.F32) b).re, cf.re, offsets);
        } else {
            Gemm.gemm(spec, ((Storage.F64) a).re, ((Storage.F64) b).re, ((Storage.F64) c).re, offsets);
        }
    }

    /** For each entry of the broadcast batch shape, the matching entry of {@code in} (size-1 axes repeat). */
    private static int[] batchIndex(int[] in, int[] batch) {
        int n = Shape.numel(batch);
        int[] idx = new int[n];
        int off = batch.length - in.length;
        int[] inStrides = Shape.strides(in);
        for (int t = 0; t < n; t++) {
            int rem = t;
            int src = 0;
            for (int d = batch.length - 1; d >= 0; d--) {
                int coord = rem % batch[d];
                rem /= batch[d];
                if (d >= off && in[d - off] != 1) {
                    src += coord * inStrides[d - off];
                }
            }
            idx[t] = src;
        }
        return idx;
    }
}

package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.VandermondeJob;
import java.util.Arrays;

/**
 * The real Vandermonde product of S4D (arXiv 2206.11893, §3): the convolution kernel of a
 * diagonal SSM whose modes come in conjugate pairs,
 * <pre>
 *   vandermonde(c, z, L)[…, ℓ] = 2 Re Σ_n c[…, n] · z[n]^ℓ,   ℓ = 0 … L−1
 * </pre>
 * with c = C ⊙ B̄ and z = Ā. Shapes: bases {@code z (*S, N)}, coefficients {@code c (*P, *S, N)}
 * (leading axes P share the bases), result {@code (*P, *S, L)} real. Forward and backward take
 * O(N·L) time per row and O(N + L) memory: no N×L array of powers is built.
 *
 * <p>Gradients (PyTorch's convention), for the real output gradient g, with
 * T = Σ_ℓ g_ℓ z^ℓ and V = Σ_ℓ ℓ g_ℓ z^ℓ:
 * <pre>
 *   grad c = 2 · conj(T)          grad z = 2 Σ_m conj(c · V / z)      (m over the coefficients sharing z)
 * </pre>
 * Sums over ℓ run on the fly. The CPU path is {@code kernel/VandermondeKernels}:
 * {@code VandermondeReference} with plain loops (the reference), {@code VandermondeVector} for
 * float32 coefficients with the Vector API.
 *
 * <p>The result has c's precision. The bases may be of higher precision than c (complex128 with
 * complex64 coefficients): powers are formed in float64 either way, so a float64 z keeps z^ℓ
 * accurate for long L, where rounding z to float32 would be magnified ℓ-fold. Runs on the active
 * {@link dev.s4j.autograd.accel.Accelerator}.
 */
public final class Vandermonde {
    private Vandermonde() {
    }

    /** 2 Re Σ_n c_n z_n^ℓ for ℓ &lt; length; see the class documentation for shapes. */
    public static Tensor apply(Tensor c, Tensor z, int length) {
        int[] zs = z.shape();
        int[] cs = c.shape();
        if (zs.length == 0 || cs.length < zs.length
                || !Arrays.equals(Arrays.copyOfRange(cs, cs.length - zs.length, cs.length), zs)) {
            throw new IllegalArgumentException("vandermonde: coefficients " + Shape.format(cs) + " and bases "
                    + Shape.format(zs) + " do not fit (z (*S, N), c (*P, *S, N))");
        }
        if (length < 0) {
            throw new IllegalArgumentException("vandermonde: length must be >= 0, got " + length);
        }
        int n = zs[zs.length - 1];
        int rows = Shape.numel(Arrays.copyOf(zs, zs.length - 1));
        int m = Shape.numel(Arrays.copyOf(cs, cs.length - zs.length));
        DType dt = c.dtype().toComplex();
        DType zt = z.dtype().toComplex();
        Storage sc = c.dtype() == dt ? c.storage() : c.storage().convert(dt);
        Storage sz = z.dtype() == zt ? z.storage() : z.storage().convert(zt);
        VandermondeJob job = new VandermondeJob(m, rows, n, length, sc, sz);
        int[] outShape = cs.clone();
        outShape[outShape.length - 1] = length;
        Storage out = Storage.allocate(dt.toReal(), Shape.numel(outShape));
        if (out.length() > 0 && n > 0) {
            Accelerators.vandermonde(job, out);
        }
        Tensor y = new Tensor(out, outShape);
        boolean empty = out.length() == 0 || n == 0;
        return Autograd.record("vandermonde", y, g -> {
            Storage gc = c.requiresGrad() ? Storage.allocate(dt, c.numel()) : null;
            Storage gz = z.requiresGrad() ? Storage.allocate(zt, z.numel()) : null;
            if (!empty) {
                Accelerators.vandermondeBackward(job, g.storage(), gc, gz);
            }
            return new Tensor[] {gc == null ? null : new Tensor(gc, cs), gz == null ? null : new Tensor(gz, zs)};
        }, c, z);
    }
}

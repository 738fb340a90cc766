package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.CauchyJob;
import java.util.Arrays;

/**
 * The fused Cauchy op of S4 (arXiv 2111.00396, §3.3, Appendix C.3):
 * <pre>
 *   cauchy(v, z, w)[…, l] = Σ_n v[…, n] / (z[l] − w[n])
 * </pre>
 * and, with {@code conjugatePairs}, plus {@code Σ_n conj(v[n]) / (z[l] − conj(w[n]))}: the sum
 * over both members of each conjugate pair when a real SSM stores only N/2 of its modes.
 *
 * <p>Gradients, with PyTorch's conjugate-Wirtinger convention {@code grad = ∂ℒ/∂Re + i ∂ℒ/∂Im},
 * for an output gradient g and the sums over the points S1(p) = Σ_l conj(g_l)/(z_l − p),
 * S2(p) = Σ_l conj(g_l)/(z_l − p)²:
 * <pre>
 *   grad v = conj(S1(w))  [+ S1(w̄)]
 *   grad w = Σ_m conj(v · S2(w))  [+ conj(v) · S2(w̄)]        (m over the numerators sharing w)
 *   grad z = −Σ_m g · conj(Σ_n v/(z − w)²  [+ conj(v)/(z − w̄)²])
 * </pre>
 * (bracketed terms with conjugate pairs), each a sum over n or over l computed on the fly. The
 * CPU path is {@code kernel/CauchyKernels}: {@code CauchyReference} in float64 with plain loops
 * (the reference), {@code CauchyVector} for float32 with the Vector API; GradCheck tests both.
 *
 * <p>Shapes: poles {@code w (*S, N)}; numerators {@code v (*P, *S, N)} where the leading axes
 * {@code P} are numerators that share the poles; points {@code z (L)} shared by all rows or
 * {@code (*S, L)}. Result {@code (*P, *S, L)}, complex. Forward and backward take O(N·L) time per
 * row and O(N + L) extra memory: no N×L array is ever built. Runs on the active
 * {@link dev.s4j.autograd.accel.Accelerator}.
 */
public final class Cauchy {
    private Cauchy() {
    }

    /** Σ_n v/(z − w) (conjugate pairs optional); see the class documentation for shapes. */
    public static Tensor apply(Tensor v, Tensor z, Tensor w, boolean conjugatePairs) {
        int[] ws = w.shape();
        int[] vs = v.shape();
        int[] zs = z.shape();
        if (ws.length == 0 || vs.length < ws.length || zs.length == 0) {
            throw shapeError(v, z, w, "w needs a pole axis, v at least w's rank, z a point axis");
        }
        int n = ws[ws.length - 1];
        int[] rowShape = Arrays.copyOf(ws, ws.length - 1);
        int lead = vs.length - ws.length;
        if (!Arrays.equals(Arrays.copyOfRange(vs, lead, vs.length), ws)) {
            throw shapeError(v, z, w, "the trailing axes of v must equal w's shape");
        }
        int l = zs[zs.length - 1];
        boolean sharedZ = zs.length == 1;
        if (!sharedZ && !Arrays.equals(Arrays.copyOf(zs, zs.length - 1), rowShape)) {
            throw shapeError(v, z, w, "z must be (L) or have w's leading axes then L");
        }
        int rows = Shape.numel(rowShape);
        int m = Shape.numel(Arrays.copyOf(vs, lead));
        DType dt = DType.promote(DType.promote(v.dtype(), w.dtype()), z.dtype()).toComplex();
        CauchyJob job = new CauchyJob(m, rows, n, l, sharedZ ? 1 : rows, conjugatePairs,
                as(v, dt), as(w, dt), as(z, dt));
        int[] outShape = Arrays.copyOf(vs, vs.length);
        outShape[outShape.length - 1] = l;
        Storage out = Storage.allocate(dt, Shape.numel(outShape));
        if (out.length() > 0) {
            Accelerators.cauchy(job, out);
        }
        Tensor y = new Tensor(out, outShape);
        boolean empty = out.length() == 0;
        return Autograd.record("cauchy", y, g -> {
            Storage gv = v.requiresGrad() ? Storage.allocate(dt, v.numel()) : null;
            Storage gw = w.requiresGrad() ? Storage.allocate(dt, w.numel()) : null;
            Storage gz = z.requiresGrad() ? Storage.allocate(dt, z.numel()) : null;
            Storage gs = g.dtype() == dt ? g.storage() : g.storage().convert(dt);
            if (!empty) {
                Accelerators.cauchyBackward(job, gs, gv, gw, gz);
            }
            return new Tensor[] {
                gv == null ? null : new Tensor(gv, vs),
                gz == null ? null : new Tensor(gz, zs),
                gw == null ? null : new Tensor(gw, ws)};
        }, v, z, w);
    }

    private static Storage as(Tensor t, DType dt) {
        return t.dtype() == dt ? t.storage() : t.storage().convert(dt);
    }

    private static IllegalArgumentException shapeError(Tensor v, Tensor z, Tensor w, String rule) {
        return new IllegalArgumentException("cauchy: shapes v " + Shape.format(v.shape()) + ", z " + Shape.format(z.shape())
                + ", w " + Shape.format(w.shape()) + " do not fit: " + rule
                + " (w (*S, N), v (*P, *S, N), z (L) or (*S, L))");
    }
}

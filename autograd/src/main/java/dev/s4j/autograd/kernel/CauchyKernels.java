package dev.s4j.autograd.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CauchyJob;

/**
 * CPU entry points of the Cauchy kernel (definition in {@link CauchyJob}).
 *
 * <p>Gradients, with PyTorch's convention {@code grad = ∂ℒ/∂Re + i ∂ℒ/∂Im} and
 * S1(p) = Σ_l conj(g_l)/(z_l − p), S2(p) = Σ_l conj(g_l)/(z_l − p)²:
 * <pre>
 *   grad v = conj(S1(w)) [+ S1(w̄)]
 *   grad w = Σ_m conj(v·S2(w)) [+ conj(v)·S2(w̄)]
 *   grad z = −Σ_m g · conj(Σ_n v/(z − w)² [+ conj(v)/(z − w̄)²])
 * </pre>
 * (bracketed terms with conjugate pairs). All of them are sums over n or over l computed on the
 * fly: time O(M·R·N·L), extra memory O(M·R·N) — never an N×L array.
 *
 * <p>Float32 uses {@link CauchyVector} when the Vector API is available; otherwise, and for
 * float64, {@link CauchyReference} in double precision.
 */
public final class CauchyKernels {
    private CauchyKernels() {
    }

    /** out (M, R, L) = the Cauchy sums of {@code job}. */
    public static void forward(CauchyJob job, Storage out) {
        if (out instanceof Storage.F32 o && VectorSupport.available()) {
            CauchyVector.forward(job, (Storage.F32) job.v(), (Storage.F32) job.w(), (Storage.F32) job.z(), o);
            return;
        }
        Storage.F64 o64 = out instanceof Storage.F64 d ? d : (Storage.F64) Storage.allocate(DType.COMPLEX128, out.length());
        CauchyReference.forward(job, wide(job.v()), wide(job.w()), wide(job.z()), o64);
        if (o64 != out) {
            Storage.copy(o64.convert(out.dtype()), 0, out, 0, out.length());
        }
    }

    /** Gradients of the Cauchy sums; any of {@code gv}, {@code gw}, {@code gz} may be null. */
    public static void backward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz) {
        if (gv != null || gw != null) {
            long size = 8L * job.m() * job.r() * job.n();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("cauchy: " + job.m() + "×" + job.r() + "×" + job.n()
                        + " numerators are too many for one backward pass; split the batch");
            }
            double[] sums = new double[(int) size];
            if (g instanceof Storage.F32 g32 && VectorSupport.available()) {
                CauchyVector.poleSums(job, (Storage.F32) job.w(), (Storage.F32) job.z(), g32, sums);
            } else {
                CauchyReference.poleSums(job, wide(job.w()), wide(job.z()), wide(g), sums);
            }
            assemble(job, job.v(), sums, gv, gw);
        }
        if (gz != null) {
            Storage.F64 gz64 = gz instanceof Storage.F64 d ? d : (Storage.F64) Storage.allocate(DType.COMPLEX128, gz.length());
            CauchyReference.gradZ(job, wide(job.v()), wide(job.w()), wide(job.z()), wide(g), gz64);
            if (gz64 != gz) {
                Storage.copy(gz64.convert(gz.dtype()), 0, gz, 0, gz.length());
            }
        }
    }

    /**
     * Combines pole sums into the gradients of v and w (the formulas above); also for backends
     * that compute the sums elsewhere. {@code sums} holds, per (m, r, n), eight numbers: S1(w) re,
     * im, S2(w) re, im, then S1(w̄) re, im, S2(w̄) re, im (zeros without pairs). Either output may
     * be null.
     */
    public static void assemble(CauchyJob job, Storage v, double[] sums, Storage gv, Storage gw) {
        int rows = job.r();
        int n = job.n();
        boolean pairs = job.conjugatePairs();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                double gwRe = 0;
                double gwIm = 0;
                for (int m = 0; m < job.m(); m++) {
                    int vi = (m * rows + r) * n + j;
                    int at = vi * 8;
                    double vr = v.re(vi);
                    double vim = v.im(vi);
                    if (gv != null) {
                        gv.setRe(vi, sums[at] + (pairs ? sums[at + 4] : 0));
                        gv.setIm(vi, -sums[at + 1] + (pairs ? sums[at + 5] : 0));
                    }
                    gwRe += vr * sums[at + 2] - vim * sums[at + 3];
                    gwIm -= vr * sums[at + 3] + vim * sums[at + 2];
                    if (pairs) {
                        gwRe += vr * sums[at + 6] + vim * sums[at + 7];
                        gwIm += vr * sums[at + 7] - vim * sums[at + 6];
                    }
                }
                if (gw != null) {
                    gw.setRe(r * n + j, gwRe);
                    gw.setIm(r * n + j, gwIm);
                }
            }
        }
    }

    private static Storage.F64 wide(Storage s) {
        return s instanceof Storage.F64 d ? d : (Storage.F64) s.convert(DType.COMPLEX128);
    }
}

package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CauchyJob;

/**
 * The Cauchy kernel and its gradients in float64 with plain loops: the reference path, used for
 * COMPLEX128 and, after widening, for COMPLEX64 when the Vector API is unavailable. Every sum is
 * accumulated directly in O(N·L) time without any N×L temporary. See {@link CauchyJob} for the
 * definition and {@link CauchyKernels} for the gradient formulas.
 */
final class CauchyReference {
    private CauchyReference() {
    }

    static void forward(CauchyJob job, Storage.F64 v, Storage.F64 w, Storage.F64 z, Storage.F64 out) {
        int mCount = job.m();
        int rows = job.r();
        int n = job.n();
        int l = job.l();
        boolean pairs = job.conjugatePairs();
        Parallel.range(rows * l, Math.max(1, 4096 / Math.max(1, n * mCount)), (from, to) -> {
            double[] accRe = new double[mCount];
            double[] accIm = new double[mCount];
            for (int item = from; item < to; item++) {
                int r = item / l;
                int k = item % l;
                int zi = (job.zRows() == 1 ? 0 : r * l) + k;
                double zr = z.re[zi];
                double zim = z.im[zi];
                java.util.Arrays.fill(accRe, 0);
                java.util.Arrays.fill(accIm, 0);
                for (int j = 0; j < n; j++) {
                    int wi = r * n + j;
                    // 1/(z − w) and, for pairs, 1/(z − w̄)
                    double dr = zr - w.re[wi];
                    double di = zim - w.im[wi];
                    double s = 1 / (dr * dr + di * di);
                    double ar = dr * s;
                    double ai = -di * s;
                    double br = 0;
                    double bi = 0;
                    if (pairs) {
                        double er = zr - w.re[wi];
                        double ei = zim + w.im[wi];
                        double t = 1 / (er * er + ei * ei);
                        br = er * t;
                        bi = -ei * t;
                    }
                    for (int m = 0; m < mCount; m++) {
                        int vi = (m * rows + r) * n + j;
                        double vr = v.re[vi];
                        double vim = v.im[vi];
                        accRe[m] += vr * ar - vim * ai;
                        accIm[m] += vr * ai + vim * ar;
                        if (pairs) {
                            // conj(v) · 1/(z − w̄)
                            accRe[m] += vr * br + vim * bi;
                            accIm[m] += vr * bi - vim * br;
                        }
                    }
                }
                for (int m = 0; m < mCount; m++) {
                    int oi = (m * rows + r) * l + k;
                    out.re[oi] = accRe[m];
                    out.im[oi] = accIm[m];
                }
            }
        });
    }

    /**
     * Per (m, r, n) sums over l into {@code sums} (layout of {@link CauchyKernels#assemble}):
     * S1(p) = Σ_l conj(g)/(z − p) and S2(p) = Σ_l conj(g)/(z − p)² at p = w, and at p = w̄ for pairs.
     */
    static void poleSums(CauchyJob job, Storage.F64 w, Storage.F64 z, Storage.F64 g, double[] sums) {
        int mCount = job.m();
        int rows = job.r();
        int n = job.n();
        int l = job.l();
        boolean pairs = job.conjugatePairs();
        Parallel.range(rows * n, Math.max(1, 4096 / Math.max(1, l * mCount)), (from, to) -> {
            for (int item = from; item < to; item++) {
                int r = item / n;
                int j = item % n;
                int wi = r * n + j;
                for (int m = 0; m < mCount; m++) {
                    int at = ((m * rows + r) * n + j) * 8;
                    sums(job, z, g, m, r, w.re[wi], w.im[wi], sums, at);
                    if (pairs) {
                        sums(job, z, g, m, r, w.re[wi], -w.im[wi], sums, at + 4);
                    }
                }
            }
        });
    }

    /** s[at..at+3] = (S1 re, S1 im, S2 re, S2 im) at the pole p = (pr, pi) for numerator m of row r. */
    private static void sums(CauchyJob job, Storage.F64 z, Storage.F64 g, int m, int r, double pr, double pi,
                             double[] s, int at) {
        int l = job.l();
        int zBase = job.zRows() == 1 ? 0 : r * l;
        int gBase = (m * job.r() + r) * l;
        double s1r = 0;
        double s1i = 0;
        double s2r = 0;
        double s2i = 0;
        for (int k = 0; k < l; k++) {
            double dr = z.re[zBase + k] - pr;
            double di = z.im[zBase + k] - pi;
            double t = 1 / (dr * dr + di * di);
            double ir = dr * t;
            double ii = -di * t;
            double qr = ir * ir - ii * ii;
            double qi = 2 * ir * ii;
            double gr = g.re[gBase + k];
            double gi = -g.im[gBase + k];
            s1r += gr * ir - gi * ii;
            s1i += gr * ii + gi * ir;
            s2r += gr * qr - gi * qi;
            s2i += gr * qi + gi * qr;
        }
        s[at] = s1r;
        s[at + 1] = s1i;
        s[at + 2] = s2r;
        s[at + 3] = s2i;
    }

    /** gz[l] = −Σ_{m, rows sharing z} g · conj(Σ_n v/(z − w)² [+ conj(v)/(z − w̄)²]). */
    static void gradZ(CauchyJob job, Storage.F64 v, Storage.F64 w, Storage.F64 z, Storage.F64 g, Storage.F64 gz) {
        int mCount = job.m();
        int rows = job.r();
        int n = job.n();
        int l = job.l();
        boolean pairs = job.conjugatePairs();
        int zRows = job.zRows();
        Parallel.range(zRows * l, Math.max(1, 4096 / Math.max(1, n * mCount * rows / zRows)), (from, to) -> {
            double[] t = new double[2];
            for (int item = from; item < to; item++) {
                int zr = item / l;
                int k = item % l;
                double zRe = z.re[item];
                double zIm = z.im[item];
                double accRe = 0;
                double accIm = 0;
                int r0 = zRows == 1 ? 0 : zr;
                int r1 = zRows == 1 ? rows : zr + 1;
                for (int r = r0; r < r1; r++) {
                    for (int m = 0; m < mCount; m++) {
                        t[0] = 0;
                        t[1] = 0;
                        for (int j = 0; j < n; j++) {
                            int wi = r * n + j;
                            int vi = (m * rows + r) * n + j;
                            addSquareTerm(t, zRe - w.re[wi], zIm - w.im[wi], v.re[vi], v.im[vi]);
                            if (pairs) {
                                addSquareTerm(t, zRe - w.re[wi], zIm + w.im[wi], v.re[vi], -v.im[vi]);
                            }
                        }
                        int gi = (m * rows + r) * l + k;
                        double gr = g.re[gi];
                        double gim = g.im[gi];
                        // −g · conj(t)
                        accRe -= gr * t[0] + gim * t[1];
                        accIm -= gim * t[0] - gr * t[1];
                    }
                }
                gz.re[item] = accRe;
                gz.im[item] = accIm;
            }
        });
    }

    /** acc += v / d² for d = (dr, di), v = (vr, vi). */
    private static void addSquareTerm(double[] acc, double dr, double di, double vr, double vi) {
        double t = 1 / (dr * dr + di * di);
        double ir = dr * t;
        double ii = -di * t;
        double qr = ir * ir - ii * ii;
        double qi = 2 * ir * ii;
        acc[0] += vr * qr - vi * qi;
        acc[1] += vr * qi + vi * qr;
    }
}

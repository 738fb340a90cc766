package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CauchyJob;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 Cauchy kernels on the Vector API: lanes run over the evaluation points l; poles and
 * numerators are broadcast. Loops run over full vectors only, without masks, and finish the
 * remainder in scalar code: in JDK 17 a masked access near the end of an array takes a
 * non-intrinsic path whose merge with the fast path makes every vector of the loop a heap object. The forward pass shares one reciprocal among up to four numerators.
 * With conjugate pairs it sums both members of a pair as one fraction,
 * <pre>
 *   v/(z − w) + v̄/(z − w̄) = (2 Re v · z − 2 Re(v w̄)) / (z² − 2 Re w · z + |w|²),
 * </pre>
 * which costs about as much as a single term. Only loaded when {@link VectorSupport#available()}.
 */
final class CauchyVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int BLOCK = 512;

    private CauchyVector() {
    }

    static void forward(CauchyJob job, Storage.F32 v, Storage.F32 w, Storage.F32 z, Storage.F32 out) {
        int rows = job.r();
        int l = job.l();
        int blocks = (l + BLOCK - 1) / BLOCK;
        float inv = inverseScale(w, z);
        Storage.F32 ws = scaled(w, inv);
        Storage.F32 zs = scaled(z, inv);
        Parallel.range(rows * blocks, 1, (from, to) -> {
            for (int item = from; item < to; item++) {
                int r = item / blocks;
                int l0 = (item % blocks) * BLOCK;
                int l1 = Math.min(l, l0 + BLOCK);
                int m = 0;
                for (; m + 4 <= job.m(); m += 4) {
                    if (job.conjugatePairs()) {
                        pairs4(job, v, ws, zs, out, r, m, l0, l1, inv);
                    } else {
                        plain4(job, v, ws, zs, out, r, m, l0, l1, inv);
                    }
                }
                for (; m < job.m(); m++) {
                    if (job.conjugatePairs()) {
                        pairs1(job, v, ws, zs, out, r, m, l0, l1, inv);
                    } else {
                        plain1(job, v, ws, zs, out, r, m, l0, l1, inv);
                    }
                }
            }
        });
    }

    /**
     * 1/s with s the largest |z| or |w| of the job. The vector loops run on copies z/s and w/s,
     * using Σ v/(z − w) = (1/s)·Σ v/(z/s − w/s), so squared denominators (|z|⁴ in the
     * conjugate-pair form) stay inside float32's range whatever the scale of the inputs.
     */
    private static float inverseScale(Storage.F32 w, Storage.F32 z) {
        double s2 = 0;
        for (Storage.F32 t : new Storage.F32[] {w, z}) {
            for (int i = 0; i < t.re.length; i++) {
                // squares of float values cannot overflow a double
                s2 = Math.max(s2, (double) t.re[i] * t.re[i] + (double) t.im[i] * t.im[i]);
            }
        }
        return s2 > 0 && Double.isFinite(s2) ? (float) (1 / Math.sqrt(s2)) : 1f;
    }

    private static Storage.F32 scaled(Storage.F32 t, float inv) {
        float[] re = new float[t.re.length];
        float[] im = new float[t.im.length];
        for (int i = 0; i < re.length; i++) {
            re[i] = t.re[i] * inv;
            im[i] = t.im[i] * inv;
        }
        return new Storage.F32(re, im);
    }

    /** Σ_n v/(z − w) for numerators m … m+3 of row r at l ∈ [l0, l1). */
    private static void plain4(CauchyJob job, Storage.F32 v, Storage.F32 w, Storage.F32 z, Storage.F32 out,
                               int r, int m, int l0, int l1, float inv) {
        int n = job.n();
        int zBase = job.zRows() == 1 ? 0 : r * job.l();
        int vStride = job.r() * n;
        int v0 = (m * job.r() + r) * n;
        FloatVector one = FloatVector.broadcast(S, 1f);
        int k = l0;
        for (; k + V <= l1; k += V) {
            FloatVector zr = FloatVector.fromArray(S, z.re, zBase + k);
            FloatVector zi = FloatVector.fromArray(S, z.im, zBase + k);
            FloatVector a0r = FloatVector.zero(S);
            FloatVector a0i = FloatVector.zero(S);
            FloatVector a1r = FloatVector.zero(S);
            FloatVector a1i = FloatVector.zero(S);
            FloatVector a2r = FloatVector.zero(S);
            FloatVector a2i = FloatVector.zero(S);
            FloatVector a3r = FloatVector.zero(S);
            FloatVector a3i = FloatVector.zero(S);
            for (int j = 0; j < n; j++) {
                int wi = r * n + j;
                // v/(z − w) = v·(p − iq) with p − iq = 1/(z − w)
                FloatVector dr = zr.sub(w.re[wi]);
                FloatVector di = zi.sub(w.im[wi]);
                FloatVector recip = one.div(dr.fma(dr, di.mul(di)));
                FloatVector p = dr.mul(recip);
                FloatVector q = di.mul(recip);
                int at = v0 + j;
                a0r = p.lanewise(VectorOperators.FMA, v.re[at], q.lanewise(VectorOperators.FMA, v.im[at], a0r));
                a0i = p.lanewise(VectorOperators.FMA, v.im[at], q.lanewise(VectorOperators.FMA, -v.re[at], a0i));
                at += vStride;
                a1r = p.lanewise(VectorOperators.FMA, v.re[at], q.lanewise(VectorOperators.FMA, v.im[at], a1r));
                a1i = p.lanewise(VectorOperators.FMA, v.im[at], q.lanewise(VectorOperators.FMA, -v.re[at], a1i));
                at += vStride;
                a2r = p.lanewise(VectorOperators.FMA, v.re[at], q.lanewise(VectorOperators.FMA, v.im[at], a2r));
                a2i = p.lanewise(VectorOperators.FMA, v.im[at], q.lanewise(VectorOperators.FMA, -v.re[at], a2i));
                at += vStride;
                a3r = p.lanewise(VectorOperators.FMA, v.re[at], q.lanewise(VectorOperators.FMA, v.im[at], a3r));
                a3i = p.lanewise(VectorOperators.FMA, v.im[at], q.lanewise(VectorOperators.FMA, -v.re[at], a3i));
            }
            int o = (m * job.r() + r) * job.l() + k;
            int os = job.r() * job.l();
            a0r.mul(inv).intoArray(out.re, o);
            a0i.mul(inv).intoArray(out.im, o);
            a1r.mul(inv).intoArray(out.re, o + os);
            a1i.mul(inv).intoArray(out.im, o + os);
            a2r.mul(inv).intoArray(out.re, o + 2 * os);
            a2i.mul(inv).intoArray(out.im, o + 2 * os);
            a3r.mul(inv).intoArray(out.re, o + 3 * os);
            a3i.mul(inv).intoArray(out.im, o + 3 * os);
        }
        tail(job, v, w, z, out, r, m, 4, k, l1, inv);
    }

    /** Σ_n v/(z − w) for numerator m of row r at l ∈ [l0, l1). */
    private static void plain1(CauchyJob job, Storage.F32 v, Storage.F32 w, Storage.F32 z, Storage.F32 out,
                               int r, int m, int l0, int l1, float inv) {
        int n = job.n();
        int zBase = job.zRows() == 1 ? 0 : r * job.l();
        int v0 = (m * job.r() + r) * n;
        FloatVector one = FloatVector.broadcast(S, 1f);
        int k = l0;
        for (; k + V <= l1; k += V) {
            FloatVector zr = FloatVector.fromArray(S, z.re, zBase + k);
            FloatVector zi = FloatVector.fromArray(S, z.im, zBase + k);
            FloatVector ar = FloatVector.zero(S);
            FloatVector ai = FloatVector.zero(S);
            for (int j = 0; j < n; j++) {
                int wi = r * n + j;
                FloatVector dr = zr.sub(w.re[wi]);
                FloatVector di = zi.sub(w.im[wi]);
                FloatVector recip = one.div(dr.fma(dr, di.mul(di)));
                FloatVector p = dr.mul(recip);
                FloatVector q = di.mul(recip);
                ar = p.lanewise(VectorOperators.FMA, v.re[v0 + j], q.lanewise(VectorOperators.FMA, v.im[v0 + j], ar));
                ai = p.lanewise(VectorOperators.FMA, v.im[v0 + j], q.lanewise(VectorOperators.FMA, -v.re[v0 + j], ai));
            }
            int o = (m * job.r() + r) * job.l() + k;
            ar.mul(inv).intoArray(out.re, o);
            ai.mul(inv).intoArray(out.im, o);
        }
        tail(job, v, w, z, out, r, m, 1, k, l1, inv);
    }

    /** Σ_n [v/(z − w) + v̄/(z − w̄)] for numerators m … m+3 of row r at l ∈ [l0, l1). */
    private static void pairs4(CauchyJob job, Storage.F32 v, Storage.F32 w, Storage.F32 z, Storage.F32 out,
                               int r, int m, int l0, int l1, float inv) {
        int n = job.n();
        int zBase = job.zRows() == 1 ? 0 : r * job.l();
        int vStride = job.r() * n;
        int v0 = (m * job.r() + r) * n;
        FloatVector one = FloatVector.broadcast(S, 1f);
        int k = l0;
        for (; k + V <= l1; k += V) {
            FloatVector zr = FloatVector.fromArray(S, z.re, zBase + k);
            FloatVector zi = FloatVector.fromArray(S, z.im, zBase + k);
            FloatVector z2r = zr.fma(zr, zi.mul(zi).neg());
            FloatVector z2i = zr.mul(zi).mul(2f);
            FloatVector a0r = FloatVector.zero(S);
            FloatVector a0i = FloatVector.zero(S);
            FloatVector a1r = FloatVector.zero(S);
            FloatVector a1i = FloatVector.zero(S);
            FloatVector a2r = FloatVector.zero(S);
            FloatVector a2i = FloatVector.zero(S);
            FloatVector a3r = FloatVector.zero(S);
            FloatVector a3i = FloatVector.zero(S);
            for (int j = 0; j < n; j++) {
                int wi = r * n + j;
                float wr = w.re[wi];
                float wim = w.im[wi];
                float c = -2f * wr;
                // D = z² − 2 Re w · z + |w|²;  p − iq = 1/D
                FloatVector dr = zr.lanewise(VectorOperators.FMA, c, z2r).add(wr * wr + wim * wim);
                FloatVector di = zi.lanewise(VectorOperators.FMA, c, z2i);
                FloatVector recip = one.div(dr.fma(dr, di.mul(di)));
                FloatVector p = dr.mul(recip);
                FloatVector q = di.mul(recip);
                // (a z − b)/D = a·s1 − b·p + i(a·s2 + b·q)
                FloatVector s1 = zr.fma(p, zi.mul(q));
                FloatVector s2 = zi.fma(p, zr.mul(q).neg());
                int at = v0 + j;
                float a = 2f * v.re[at];
                float b = 2f * (v.re[at] * wr + v.im[at] * wim);
                a0r = s1.lanewise(VectorOperators.FMA, a, p.lanewise(VectorOperators.FMA, -b, a0r));
                a0i = s2.lanewise(VectorOperators.FMA, a, q.lanewise(VectorOperators.FMA, b, a0i));
                at += vStride;
                a = 2f * v.re[at];
                b = 2f * (v.re[at] * wr + v.im[at] * wim);
                a1r = s1.lanewise(VectorOperators.FMA, a, p.lanewise(VectorOperators.FMA, -b, a1r));
                a1i = s2.lanewise(VectorOperators.FMA, a, q.lanewise(VectorOperators.FMA, b, a1i));
                at += vStride;
                a = 2f * v.re[at];
                b = 2f * (v.re[at] * wr + v.im[at] * wim);
                a2r = s1.lanewise(VectorOperators.FMA, a, p.lanewise(VectorOperators.FMA, -b, a2r));
                a2i = s2.lanewise(VectorOperators.FMA, a, q.lanewise(VectorOperators.FMA, b, a2i));
                at += vStride;
                a = 2f * v.re[at];
                b = 2f * (v.re[at] * wr + v.im[at] * wim);
                a3r = s1.lanewise(VectorOperators.FMA, a, p.lanewise(VectorOperators.FMA, -b, a3r));
                a3i = s2.lanewise(VectorOperators.FMA, a, q.lanewise(VectorOperators.FMA, b, a3i));
            }
            int o = (m * job.r() + r) * job.l() + k;
            int os = job.r() * job.l();
            a0r.mul(inv).intoArray(out.re, o);
            a0i.mul(inv).intoArray(out.im, o);
            a1r.mul(inv).intoArray(out.re, o + os);
            a1i.mul(inv).intoArray(out.im, o + os);
            a2r.mul(inv).intoArray(out.re, o + 2 * os);
            a2i.mul(inv).intoArray(out.im, o + 2 * os);
            a3r.mul(inv).intoArray(out.re, o + 3 * os);
            a3i.mul(inv).intoArray(out.im, o + 3 * os);
        }
        tail(job, v, w, z, out, r, m, 4, k, l1, inv);
    }

    /** Σ_n [v/(z − w) + v̄/(z − w̄)] for numerator m of row r at l ∈ [l0, l1). */
    private static void pairs1(CauchyJob job, Storage.F32 v, Storage.F32 w, Storage.F32 z, Storage.F32 out,
                               int r, int m, int l0, int l1, float inv) {
        int n = job.n();
        int zBase = job.zRows() == 1 ? 0 : r * job.l();
        int v0 = (m * job.r() + r) * n;
        FloatVector one = FloatVector.broadcast(S, 1f);
        int k = l0;
        for (; k + V <= l1; k += V) {
            FloatVector zr = FloatVector.fromArray(S, z.re, zBase + k);
            FloatVector zi = FloatVector.fromArray(S, z.im, zBase + k);
            FloatVector z2r = zr.fma(zr, zi.mul(zi).neg());
            FloatVector z2i = zr.mul(zi).mul(2f);
            FloatVector ar = FloatVector.zero(S);
            FloatVector ai = FloatVector.zero(S);
            for (int j = 0; j < n; j++) {
                int wi = r * n + j;
                float wr = w.re[wi];
                float wim = w.im[wi];
                FloatVector dr = zr.lanewise(VectorOperators.FMA, -2f * wr, z2r).add(wr * wr + wim * wim);
                FloatVector di = zi.lanewise(VectorOperators.FMA, -2f * wr, z2i);
                FloatVector recip = one.div(dr.fma(dr, di.mul(di)));
                FloatVector p = dr.mul(recip);
                FloatVector q = di.mul(recip);
                FloatVector s1 = zr.fma(p, zi.mul(q));
                FloatVector s2 = zi.fma(p, zr.mul(q).neg());
                float a = 2f * v.re[v0 + j];
                float b = 2f * (v.re[v0 + j] * wr + v.im[v0 + j] * wim);
                ar = s1.lanewise(VectorOperators.FMA, a, p.lanewise(VectorOperators.FMA, -b, ar));
                ai = s2.lanewise(VectorOperators.FMA, a, q.lanewise(VectorOperators.FMA, b, ai));
            }
            int o = (m * job.r() + r) * job.l() + k;
            ar.mul(inv).intoArray(out.re, o);
            ai.mul(inv).intoArray(out.im, o);
        }
        tail(job, v, w, z, out, r, m, 1, k, l1, inv);
    }

    /**
     * Pole sums for the gradients (layout of {@link CauchyKernels#assemble}): for every (m, r, n)
     * S1(p) = Σ_l conj(g)/(z − p) and S2(p) = Σ_l conj(g)/(z − p)² at p = w (and p = w̄ for pairs),
     * lanes over l, two numerators per pass sharing 1/(z − p), reduced at the end in float64.
     */
    static void poleSums(CauchyJob job, Storage.F32 w, Storage.F32 z, Storage.F32 g, double[] sums) {
        int rows = job.r();
        int n = job.n();
        float inv = inverseScale(w, z);
        Storage.F32 ws = scaled(w, inv);
        Storage.F32 zs = scaled(z, inv);
        Parallel.range(rows * n, Math.max(1, 2048 / Math.max(1, job.l() * job.m())), (from, to) -> {
            double[] acc = new double[8];
            float[] lanes = new float[8 * V];
            for (int item = from; item < to; item++) {
                int r = item / n;
                int j = item % n;
                int wi = r * n + j;
                for (int pole = 0; pole < (job.conjugatePairs() ? 2 : 1); pole++) {
                    float pi = pole == 0 ? ws.im[wi] : -ws.im[wi];
                    for (int m = 0; m < job.m(); m += 2) {
                        int second = Math.min(m + 1, job.m() - 1);
                        sums2(job, zs, g, m, second, r, ws.re[wi], pi, inv, acc, lanes);
                        int at = ((m * rows + r) * n + j) * 8 + 4 * pole;
                        System.arraycopy(acc, 0, sums, at, 4);
                        if (second != m) {
                            System.arraycopy(acc, 4, sums, ((second * rows + r) * n + j) * 8 + 4 * pole, 4);
                        }
                    }
                }
            }
        });
    }

    /**
     * For numerators m0 and m1 (possibly equal) of row r: out[0..3] = (S1 re, S1 im, S2 re, S2 im)
     * of m0 and out[4..7] those of m1, at the pole (pr, pi); {@code lanes} is scratch for 8 vectors.
     */
    private static void sums2(CauchyJob job, Storage.F32 z, Storage.F32 g, int m0, int m1, int r, float pr, float pi,
                              float inv, double[] out, float[] lanes) {
        int l = job.l();
        int zBase = job.zRows() == 1 ? 0 : r * l;
        int g0 = (m0 * job.r() + r) * l;
        int g1 = (m1 * job.r() + r) * l;
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector a1r = FloatVector.zero(S);
        FloatVector a1i = FloatVector.zero(S);
        FloatVector a2r = FloatVector.zero(S);
        FloatVector a2i = FloatVector.zero(S);
        FloatVector b1r = FloatVector.zero(S);
        FloatVector b1i = FloatVector.zero(S);
        FloatVector b2r = FloatVector.zero(S);
        FloatVector b2i = FloatVector.zero(S);
        int k = 0;
        for (; k + V <= l; k += V) {
            // on the scaled points: 1/(z − p) = ir + i·ii and its square qr + i·qi
            FloatVector dr = FloatVector.fromArray(S, z.re, zBase + k).sub(pr);
            FloatVector di = FloatVector.fromArray(S, z.im, zBase + k).sub(pi);
            FloatVector t = one.div(dr.fma(dr, di.mul(di)));
            FloatVector ir = dr.mul(t);
            FloatVector ii = di.mul(t).neg();
            FloatVector qr = ir.fma(ir, ii.mul(ii).neg());
            FloatVector qi = ir.mul(ii).mul(2f);
            // conj(g)·(1/(z − p)) and conj(g)·(1/(z − p))², g = gr + i·gi
            FloatVector gr = FloatVector.fromArray(S, g.re, g0 + k);
            FloatVector gi = FloatVector.fromArray(S, g.im, g0 + k);
            a1r = gr.fma(ir, gi.fma(ii, a1r));
            a1i = gr.fma(ii, gi.neg().fma(ir, a1i));
            a2r = gr.fma(qr, gi.fma(qi, a2r));
            a2i = gr.fma(qi, gi.neg().fma(qr, a2i));
            gr = FloatVector.fromArray(S, g.re, g1 + k);
            gi = FloatVector.fromArray(S, g.im, g1 + k);
            b1r = gr.fma(ir, gi.fma(ii, b1r));
            b1i = gr.fma(ii, gi.neg().fma(ir, b1i));
            b2r = gr.fma(qr, gi.fma(qi, b2r));
            b2i = gr.fma(qi, gi.neg().fma(qr, b2i));
        }
        a1r.intoArray(lanes, 0);
        a1i.intoArray(lanes, V);
        a2r.intoArray(lanes, 2 * V);
        a2i.intoArray(lanes, 3 * V);
        b1r.intoArray(lanes, 4 * V);
        b1i.intoArray(lanes, 5 * V);
        b2r.intoArray(lanes, 6 * V);
        b2i.intoArray(lanes, 7 * V);
        for (int q = 0; q < 8; q++) {
            out[q] = LaneMath.sum(lanes, q * V);
        }
        for (; k < l; k++) {
            double dr = z.re[zBase + k] - pr;
            double di = z.im[zBase + k] - pi;
            double t = 1 / (dr * dr + di * di);
            double ir = dr * t;
            double ii = -di * t;
            double qr = ir * ir - ii * ii;
            double qi = 2 * ir * ii;
            addTerms(out, 0, g.re[g0 + k], g.im[g0 + k], ir, ii, qr, qi);
            addTerms(out, 4, g.re[g1 + k], g.im[g1 + k], ir, ii, qr, qi);
        }
        // undo the scaling: S1 carries a factor 1/s, S2 a factor 1/s²
        double s1 = inv;
        double s2 = (double) inv * inv;
        for (int i = 0; i < 8; i += 4) {
            out[i] *= s1;
            out[i + 1] *= s1;
            out[i + 2] *= s2;
            out[i + 3] *= s2;
        }
    }

    /** out[at..at+3] += conj(g)·(ir + i·ii), conj(g)·(qr + i·qi). */
    private static void addTerms(double[] out, int at, double gr, double gi, double ir, double ii, double qr, double qi) {
        out[at] += gr * ir + gi * ii;
        out[at + 1] += gr * ii - gi * ir;
        out[at + 2] += gr * qr + gi * qi;
        out[at + 3] += gr * qi - gi * qr;
    }

    /**
     * Points [k0, k1) of row r for numerators m … m+count−1 in scalar double arithmetic: the
     * remainder after the last full vector (on the scaled z and w, like the vector loop).
     */
    private static void tail(CauchyJob job, Storage.F32 v, Storage.F32 w, Storage.F32 z, Storage.F32 out,
                             int r, int m, int count, int k0, int k1, float inv) {
        int n = job.n();
        int zBase = job.zRows() == 1 ? 0 : r * job.l();
        for (int k = k0; k < k1; k++) {
            double zr = z.re[zBase + k];
            double zi = z.im[zBase + k];
            for (int a = m; a < m + count; a++) {
                int v0 = (a * job.r() + r) * n;
                double sr = 0;
                double si = 0;
                for (int j = 0; j < n; j++) {
                    int wi = r * n + j;
                    double vr = v.re[v0 + j];
                    double vi = v.im[v0 + j];
                    sr += re(vr, vi, zr - w.re[wi], zi - w.im[wi]);
                    si += im(vr, vi, zr - w.re[wi], zi - w.im[wi]);
                    if (job.conjugatePairs()) {
                        sr += re(vr, -vi, zr - w.re[wi], zi + w.im[wi]);
                        si += im(vr, -vi, zr - w.re[wi], zi + w.im[wi]);
                    }
                }
                int o = (a * job.r() + r) * job.l() + k;
                out.re[o] = (float) (sr * inv);
                out.im[o] = (float) (si * inv);
            }
        }
    }

    /** Re of (vr + i·vi) / (dr + i·di). */
    private static double re(double vr, double vi, double dr, double di) {
        return (vr * dr + vi * di) / (dr * dr + di * di);
    }

    /** Im of (vr + i·vi) / (dr + i·di). */
    private static double im(double vr, double vi, double dr, double di) {
        return (vi * dr - vr * di) / (dr * dr + di * di);
    }
}

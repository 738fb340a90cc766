package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.VandermondeJob;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 Vandermonde kernels on the Vector API. Lanes run over ℓ: lane j of the block starting
 * at ℓ₀ holds {@code z^{ℓ₀} · z^j}, where the V powers z^j are exact and the base z^{ℓ₀} is kept in
 * float64 and advanced by one multiplication with z^V per block (a rounding error that grows only
 * by one float64 ulp per block). Once |z^{ℓ₀}| falls below 1e-20 a mode's remaining terms are far
 * below float32 resolution and it is dropped, which also keeps denormals out of the loop.
 * Loops run over full vectors without masks; the remainder is scalar.
 */
final class VandermondeVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int BLOCK = 2048;
    private static final double DEAD = 1e-40;   // |z^ℓ|² below which a mode no longer contributes

    private VandermondeVector() {
    }

    /** Lane powers z^0 … z^{V−1} of mode j into re/im (float) and z^V into zv (double). */
    private static void lanePowers(double zr, double zi, float[] re, float[] im, double[] zv) {
        double pr = 1;
        double pi = 0;
        for (int j = 0; j < V; j++) {
            re[j] = (float) pr;
            im[j] = (float) pi;
            double t = pr * zr - pi * zi;
            pi = pr * zi + pi * zr;
            pr = t;
        }
        zv[0] = pr;
        zv[1] = pi;
    }

    /** z^e in float64 by repeated squaring. */
    private static void power(double zr, double zi, int e, double[] out) {
        double rr = 1;
        double ri = 0;
        double br = zr;
        double bi = zi;
        while (e > 0) {
            if ((e & 1) != 0) {
                double t = rr * br - ri * bi;
                ri = rr * bi + ri * br;
                rr = t;
            }
            double t = br * br - bi * bi;
            bi = 2 * br * bi;
            br = t;
            e >>= 1;
        }
        out[0] = rr;
        out[1] = ri;
    }

    static void forward(VandermondeJob job, Storage.F32 c, Storage z, Storage.F32 out) {
        int l = job.l();
        int n = job.n();
        int blocks = (l + BLOCK - 1) / BLOCK;
        Parallel.range(job.r() * blocks, 1, (from, to) -> {
            float[] pre = new float[n * V];
            float[] pim = new float[n * V];
            double[] zvr = new double[n];
            double[] zvi = new double[n];
            double[] br = new double[n];
            double[] bi = new double[n];
            double[] tmp = new double[2];
            int[] alive = new int[n];
            float[] lr = new float[V];
            float[] li = new float[V];
            for (int item = from; item < to; item++) {
                int r = item / blocks;
                int l0 = (item % blocks) * BLOCK;
                int l1 = Math.min(l, l0 + BLOCK);
                for (int j = 0; j < n; j++) {
                    lanePowers(z.re(r * n + j), z.im(r * n + j), lr, li, tmp);
                    System.arraycopy(lr, 0, pre, j * V, V);
                    System.arraycopy(li, 0, pim, j * V, V);
                    zvr[j] = tmp[0];
                    zvi[j] = tmp[1];
                }
                for (int m = 0; m < job.m(); m++) {
                    int row = m * job.r() + r;
                    int live = 0;
                    for (int j = 0; j < n; j++) {
                        power(z.re(r * n + j), z.im(r * n + j), l0, tmp);
                        br[j] = tmp[0];
                        bi[j] = tmp[1];
                        alive[live++] = j;
                    }
                    int k = l0;
                    for (; k + V <= l1; k += V) {
                        FloatVector acc = FloatVector.zero(S);
                        int kept = 0;
                        for (int a = 0; a < live; a++) {
                            int j = alive[a];
                            double cr = c.re[row * n + j];
                            double ci = c.im[row * n + j];
                            // 2·(c·base) as (wr, wi): lane value 2 Re(c·base·p) = wr·p_re − wi·p_im
                            float wr = (float) (2 * (cr * br[j] - ci * bi[j]));
                            float wi = (float) (2 * (cr * bi[j] + ci * br[j]));
                            acc = FloatVector.fromArray(S, pre, j * V).lanewise(VectorOperators.FMA, wr,
                                    FloatVector.fromArray(S, pim, j * V).lanewise(VectorOperators.FMA, -wi, acc));
                            double t = br[j] * zvr[j] - bi[j] * zvi[j];
                            bi[j] = br[j] * zvi[j] + bi[j] * zvr[j];
                            br[j] = t;
                            if (br[j] * br[j] + bi[j] * bi[j] > DEAD) {
                                alive[kept++] = j;
                            }
                        }
                        live = kept;
                        acc.intoArray(out.re, row * l + k);
                    }
                    for (; k < l1; k++) {
                        double s = 0;
                        for (int a = 0; a < live; a++) {
                            int j = alive[a];
                            s += 2 * (c.re[row * n + j] * br[j] - c.im[row * n + j] * bi[j]);
                            double zr = z.re(r * n + j);
                            double zi = z.im(r * n + j);
                            double t = br[j] * zr - bi[j] * zi;
                            bi[j] = br[j] * zi + bi[j] * zr;
                            br[j] = t;
                        }
                        out.re[row * l + k] = (float) s;
                    }
                }
            }
        });
    }

    /** Per (m, r, n): T = Σ_ℓ g z^ℓ and V = Σ_ℓ ℓ g z^ℓ into sums (layout of {@link VandermondeKernels#assemble}). */
    static void sums(VandermondeJob job, Storage z, Storage.F32 g, double[] sums) {
        int l = job.l();
        int n = job.n();
        float[] iota = new float[V];
        for (int j = 0; j < V; j++) {
            iota[j] = j;
        }
        Parallel.range(job.m() * job.r() * n, Math.max(1, 2048 / Math.max(1, l)), (from, to) -> {
            float[] pre = new float[V];
            float[] pim = new float[V];
            double[] zv = new double[2];
            FloatVector lane = FloatVector.fromArray(S, iota, 0);
            for (int item = from; item < to; item++) {
                int row = item / n;
                int j = item % n;
                int r = row % job.r();
                double zr = z.re(r * n + j);
                double zi = z.im(r * n + j);
                lanePowers(zr, zi, pre, pim, zv);
                FloatVector pr = FloatVector.fromArray(S, pre, 0);
                FloatVector pi = FloatVector.fromArray(S, pim, 0);
                FloatVector tr = FloatVector.zero(S);
                FloatVector ti = FloatVector.zero(S);
                FloatVector vr = FloatVector.zero(S);
                FloatVector vi = FloatVector.zero(S);
                double br = 1;
                double bi = 0;
                int k = 0;
                int gBase = row * l;
                for (; k + V <= l && br * br + bi * bi > DEAD; k += V) {
                    float fr = (float) br;
                    float fi = (float) bi;
                    // z^{k+j} = base · p_j
                    FloatVector wr = pr.mul(fr).sub(pi.mul(fi));
                    FloatVector wi = pr.mul(fi).add(pi.mul(fr));
                    FloatVector gv = FloatVector.fromArray(S, g.re, gBase + k);
                    FloatVector lg = lane.add((float) k).mul(gv);
                    tr = gv.fma(wr, tr);
                    ti = gv.fma(wi, ti);
                    vr = lg.fma(wr, vr);
                    vi = lg.fma(wi, vi);
                    double t = br * zv[0] - bi * zv[1];
                    bi = br * zv[1] + bi * zv[0];
                    br = t;
                }
                double sTr = LaneMath.sum(tr);
                double sTi = LaneMath.sum(ti);
                double sVr = LaneMath.sum(vr);
                double sVi = LaneMath.sum(vi);
                for (; k < l && br * br + bi * bi > DEAD; k++) {
                    double gk = g.re[gBase + k];
                    sTr += gk * br;
                    sTi += gk * bi;
                    sVr += k * gk * br;
                    sVi += k * gk * bi;
                    double t = br * zr - bi * zi;
                    bi = br * zi + bi * zr;
                    br = t;
                }
                sums[item * 4] = sTr;
                sums[item * 4 + 1] = sTi;
                sums[item * 4 + 2] = sVr;
                sums[item * 4 + 3] = sVi;
            }
        });
    }
}

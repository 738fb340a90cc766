package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused FFT convolution (see {@link ConvolutionKernels}) in float32 for a power-of-two n, on
 * {@link LaneFft}: each transform covers W kernel rows h₀ … h₀ + W − 1 (one per lane) of two
 * batch entries b and b + 1, packed as the real and imaginary parts of one complex signal. As the
 * kernels are real, their spectra K̂ are Hermitian and
 * <pre>
 *   ifft(fft(u_b + i·u_{b+1}) · K̂) = (u_b ⊛ k) + i·(u_{b+1} ⊛ k)
 * </pre>
 * (the same with conj(K̂) for the input gradient), so both products come out without separating
 * the two spectra. For the kernel gradient, Re ifft(G · conj(U)) with G and U the packed spectra of
 * g and u is g_b ⋆ u_b + g_{b+1} ⋆ u_{b+1}, the sum that gradient needs. An odd batch leaves the
 * last imaginary part zero; the last block of rows repeats its last row in the unused lanes.
 * Packing mixes the two entries inside the transform, so a NaN or infinity in one would reach the
 * other: a pair whose output (or input gradient) is not finite is computed again one entry at a
 * time, and each entry gets its own result. (The kernel gradient sums over the batch and so
 * rightly takes up every entry's non-finite values.)
 *
 * <p>Kernel spectra (scaled by 1/n) are computed once per plan and kept as C·⌈H/W⌉ blocks of
 * n·W complex values. The forward pass runs (row block, batch pair) units in parallel; the
 * backward pass runs row blocks, each summing the kernel gradient over the batch in a fixed
 * order, so results do not depend on the thread count. Spectra stay in bit-reversed order
 * throughout. Only loaded when {@link VectorSupport#available()}.
 */
final class ConvolutionVector implements ConvolutionPlan {
    private static final VectorSpecies<Float> S = LaneFft.S;
    private static final int W = LaneFft.W;
    /** Most floats of work arrays a thread keeps between calls (16 MiB). */
    private static final int KEEP = 1 << 22;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[0][]);

    private final ConvolutionJob d;
    private final LaneFft fft;
    /** Row blocks of W kernel rows (the last one may be partial). */
    private final int blocks;
    /** Batch pairs (the last one may hold one entry). */
    private final int pairs;
    /** Kernel spectra over n, block c·blocks + hb: real and imaginary parts in the lane layout. */
    private final float[][] kRe;
    private final float[][] kIm;

    ConvolutionVector(Storage.F32 k, ConvolutionJob d) {
        this.d = d;
        this.fft = LaneFft.of(d.n());
        this.blocks = (d.h() + W - 1) / W;
        this.pairs = (d.b() + 1) / 2;
        int n = d.n();
        int m = d.m();
        kRe = new float[d.c() * blocks][];
        kIm = new float[d.c() * blocks][];
        float scale = 1f / n;
        Parallel.range(d.c() * blocks, 1, (from, to) -> {
            for (int unit = from; unit < to; unit++) {
                int c = unit / blocks;
                int h0 = (unit % blocks) * W;
                float[] re = new float[n * W];
                float[] im = new float[n * W];
                LaneRows.load(k.re, (c * d.h() + h0) * m, m, lanes(h0), m, re, n);
                fft.forward(re, im);
                for (int i = 0; i < n * W; i++) {
                    re[i] *= scale;
                    im[i] *= scale;
                }
                kRe[unit] = re;
                kIm[unit] = im;
            }
        });
    }

    /** {@code count} work arrays of {@code size} floats, contents undefined; this thread's own if small enough. */
    private static float[][] scratch(int count, int size) {
        float[][] s = SCRATCH.get();
        if (s.length >= count && s.length > 0 && s[0].length == size) {
            return s;
        }
        s = new float[count][size];
        if ((long) count * size <= KEEP) {
            SCRATCH.set(s);
        }
        return s;
    }

    /** Rows in the block starting at row h0. */
    private int lanes(int h0) {
        return Math.min(W, d.h() - h0);
    }

    /** Loads rows h0 … of batch entries b0 and b0 + 1 (zeros if past the batch) of a (B, rows, H, L) array. */
    private void loadPair(float[] src, int rows, int row, int b0, int h0, float[] re, float[] im) {
        int h = d.h();
        int l = d.l();
        LaneRows.load(src, ((b0 * rows + row) * h + h0) * l, l, lanes(h0), l, re, d.n());
        if (b0 + 1 < d.b()) {
            LaneRows.load(src, (((b0 + 1) * rows + row) * h + h0) * l, l, lanes(h0), l, im, d.n());
        } else {
            Arrays.fill(im, 0f);
        }
    }

    /** Stores the first L points of re and im as rows h0 … of batch entries b0 and b0 + 1 of a (B, rows, H, L) array. */
    private void storePair(float[] re, float[] im, float[] dst, int rows, int row, int b0, int h0) {
        int h = d.h();
        int l = d.l();
        LaneRows.store(re, 1f, dst, ((b0 * rows + row) * h + h0) * l, l, l, lanes(h0));
        if (b0 + 1 < d.b()) {
            LaneRows.store(im, 1f, dst, (((b0 + 1) * rows + row) * h + h0) * l, l, l, lanes(h0));
        }
    }

    @Override
    public void forward(Storage u, Storage y) {
        float[] us = ((Storage.F32) u).re;
        float[] ys = ((Storage.F32) y).re;
        int n = d.n();
        int cs = d.c();
        Parallel.range(blocks * pairs, 1, (from, to) -> {
            float[][] work = scratch(cs == 1 ? 2 : 4, n * W);
            float[] zr = work[0];
            float[] zi = work[1];
            float[] yr = work[cs == 1 ? 0 : 2];
            float[] yi = work[cs == 1 ? 1 : 3];
            for (int unit = from; unit < to; unit++) {
                int hb = unit / pairs;
                int b0 = 2 * (unit % pairs);
                int h0 = hb * W;
                loadPair(us, 1, 0, b0, h0, zr, zi);
                fft.forward(zr, zi);
                for (int c = 0; c < cs; c++) {
                    multiply(zr, zi, kRe[c * blocks + hb], kIm[c * blocks + hb], false, yr, yi);
                    fft.inverse(yr, yi);
                    if (b0 + 1 < d.b() && !finite(yr, yi)) {
                        forwardAlone(us, ys, c, b0, hb);      // a NaN or infinity in one entry of the pair:
                        forwardAlone(us, ys, c, b0 + 1, hb);  // the other must not see it
                    } else {
                        storePair(yr, yi, ys, cs, c, b0, h0);
                    }
                }
            }
        });
    }

    /**
     * Channel c of batch entry b alone (its own transform, nothing in the imaginary part): for a
     * pair whose packed result is not finite, so that one entry's NaN or infinity stays its own.
     */
    private void forwardAlone(float[] us, float[] ys, int c, int b, int hb) {
        int n = d.n();
        int h0 = hb * W;
        float[] zr = new float[n * W];
        float[] zi = new float[n * W];
        LaneRows.load(us, (b * d.h() + h0) * d.l(), d.l(), lanes(h0), d.l(), zr, n);
        fft.forward(zr, zi);
        float[] yr = new float[n * W];
        float[] yi = new float[n * W];
        multiply(zr, zi, kRe[c * blocks + hb], kIm[c * blocks + hb], false, yr, yi);
        fft.inverse(yr, yi);
        LaneRows.store(yr, 1f, ys, ((b * d.c() + c) * d.h() + h0) * d.l(), d.l(), d.l(), lanes(h0));
    }

    /** Input gradient of batch entry b alone, rows h0 … of block hb (see {@link #forwardAlone}). */
    private void inputGradientAlone(float[] gs, float[] gus, int b, int hb) {
        int n = d.n();
        int h0 = hb * W;
        float[] gr = new float[n * W];
        float[] gi = new float[n * W];
        float[] ar = new float[n * W];
        float[] ai = new float[n * W];
        for (int c = 0; c < d.c(); c++) {
            Arrays.fill(gi, 0f);
            LaneRows.load(gs, ((b * d.c() + c) * d.h() + h0) * d.l(), d.l(), lanes(h0), d.l(), gr, n);
            fft.forward(gr, gi);
            multiplyAdd(gr, gi, kRe[c * blocks + hb], kIm[c * blocks + hb], ar, ai);
        }
        fft.inverse(ar, ai);
        LaneRows.store(ar, 1f, gus, (b * d.h() + h0) * d.l(), d.l(), d.l(), lanes(h0));
    }

    /** Whether every value of both arrays is finite (x·0 is 0 for finite x, NaN otherwise). */
    private static boolean finite(float[] re, float[] im) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < re.length; i += W) {
            acc = acc.add(FloatVector.fromArray(S, re, i).mul(0f)).add(FloatVector.fromArray(S, im, i).mul(0f));
        }
        return !Float.isNaN(LaneMath.sum(acc));
    }

    @Override
    public void backward(Storage u, Storage g, Storage gu, Storage gk) {
        float[] us = ((Storage.F32) u).re;
        float[] gs = ((Storage.F32) g).re;
        float[] gus = gu == null ? null : ((Storage.F32) gu).re;
        float[] gks = gk == null ? null : ((Storage.F32) gk).re;
        int n = d.n();
        int cs = d.c();
        Parallel.range(blocks, 1, (from, to) -> {
            int sums = gk == null ? 0 : cs;
            float[][] work = scratch(6 + 2 * sums, n * W);
            float[] ur = work[0];
            float[] ui = work[1];
            float[] gr = work[2];
            float[] gi = work[3];
            float[] ar = work[4];
            float[] ai = work[5];
            float[][] kr = Arrays.copyOfRange(work, 6, 6 + sums);
            float[][] ki = Arrays.copyOfRange(work, 6 + sums, 6 + 2 * sums);
            for (int hb = from; hb < to; hb++) {
                int h0 = hb * W;
                for (int c = 0; c < kr.length; c++) {
                    Arrays.fill(kr[c], 0f);
                    Arrays.fill(ki[c], 0f);
                }
                for (int p = 0; p < pairs; p++) {
                    int b0 = 2 * p;
                    if (gk != null) {
                        loadPair(us, 1, 0, b0, h0, ur, ui);
                        fft.forward(ur, ui);
                    }
                    for (int c = 0; c < cs; c++) {
                        loadPair(gs, cs, c, b0, h0, gr, gi);
                        fft.forward(gr, gi);
                        if (gk != null) {
                            multiplyAdd(gr, gi, ur, ui, kr[c], ki[c]);
                        }
                        if (gu != null && c == 0) {
                            multiply(gr, gi, kRe[hb], kIm[hb], true, ar, ai);
                        } else if (gu != null) {
                            multiplyAdd(gr, gi, kRe[c * blocks + hb], kIm[c * blocks + hb], ar, ai);
                        }
                    }
                    if (gu != null) {
                        fft.inverse(ar, ai);
                        if (b0 + 1 < d.b() && !finite(ar, ai)) {
                            inputGradientAlone(gs, gus, b0, hb);
                            inputGradientAlone(gs, gus, b0 + 1, hb);
                        } else {
                            storePair(ar, ai, gus, 1, 0, b0, h0);
                        }
                    }
                }
                for (int c = 0; c < kr.length; c++) {
                    fft.inverse(kr[c], ki[c]);
                    LaneRows.store(kr[c], 1f / n, gks, (c * d.h() + h0) * d.m(), d.m(), d.m(), lanes(h0));
                }
            }
        });
    }

    /** y = x · k, or x · conj(k); all arrays of the same length, a multiple of W. */
    private static void multiply(float[] xr, float[] xi, float[] kr, float[] ki, boolean conj, float[] yr, float[] yi) {
        for (int i = 0; i < xr.length; i += W) {
            FloatVector ar = FloatVector.fromArray(S, xr, i);
            FloatVector ai = FloatVector.fromArray(S, xi, i);
            FloatVector br = FloatVector.fromArray(S, kr, i);
            FloatVector bi = FloatVector.fromArray(S, ki, i);
            if (conj) {
                bi = bi.neg();
            }
            ar.mul(br).sub(ai.mul(bi)).intoArray(yr, i);
            ar.mul(bi).add(ai.mul(br)).intoArray(yi, i);
        }
    }

    /** acc += x · conj(k); all arrays of the same length, a multiple of W. */
    private static void multiplyAdd(float[] xr, float[] xi, float[] kr, float[] ki, float[] accR, float[] accI) {
        for (int i = 0; i < xr.length; i += W) {
            FloatVector ar = FloatVector.fromArray(S, xr, i);
            FloatVector ai = FloatVector.fromArray(S, xi, i);
            FloatVector br = FloatVector.fromArray(S, kr, i);
            FloatVector bi = FloatVector.fromArray(S, ki, i);
            FloatVector cr = FloatVector.fromArray(S, accR, i);
            FloatVector ci = FloatVector.fromArray(S, accI, i);
            ar.fma(br, ai.fma(bi, cr)).intoArray(accR, i);
            ai.fma(br, ar.neg().fma(bi, ci)).intoArray(accI, i);
        }
    }
}

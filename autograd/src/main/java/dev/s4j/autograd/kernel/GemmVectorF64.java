package dev.s4j.autograd.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 GEMM micro-kernel on the Vector API: the float64 twin of {@link GemmVectorF32}, with the
 * same packing (KC × NR panels of B), the same 4 × NR register block, and the same few-rows path
 * that reads B in place (a matrix-vector product, as in one recurrent step, would otherwise spend
 * as long packing as multiplying). Only loaded when {@link VectorSupport#available()}.
 */
final class GemmVectorF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int NR = 2 * V;
    private static final int MR = 4;
    /** Depth of one packed panel: KC × NR doubles (32 KiB with 512-bit vectors) stay in L1. */
    private static final int KC = 256;
    private static final ThreadLocal<double[][]> PACK = ThreadLocal.withInitial(() -> new double[1][0]);

    private GemmVectorF64() {
    }

    static void gemm(Gemm.Spec s, double[] a, double[] b, double[] c, Gemm.Offsets offsets) {
        Gemm.run(s, (t, r0, r1, off) -> block(s, a, off[0], b, off[1], c, off[2], r0, r1), offsets);
    }

    private static void block(Gemm.Spec s, double[] a, int ao, double[] b, int bo, double[] c, int co, int r0, int r1) {
        if (r1 - r0 < MR) {
            for (int i = r0; i < r1; i++) {
                row(s, a, ao, b, bo, c, co, i);
            }
            return;
        }
        int n = s.n();
        int k = s.k();
        double[][] holder = PACK.get();
        if (holder[0].length < KC * NR) {
            holder[0] = new double[KC * NR];
        }
        double[] buf = holder[0];
        double[] spill = new double[NR];
        // A(i, kk) = a[ao + i·rowStride + kk·kStride]
        int rowStride = s.transA() ? 1 : k;
        int kStride = s.transA() ? s.m() : 1;
        double alpha = s.alpha();
        for (int j0 = 0; j0 < n; j0 += NR) {
            int w = Math.min(NR, n - j0);
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                pack(s.transB(), b, bo, n, k, j0, w, k0, kc, buf);
                boolean acc = s.accumulate() || k0 > 0;
                int a0 = ao + k0 * kStride;
                int i = r0;
                for (; i + MR <= r1; i += MR) {
                    micro4(a, a0 + i * rowStride, rowStride, kStride, kc, buf, alpha, c, co + i * n + j0, n, acc, w, spill);
                }
                for (; i < r1; i++) {
                    micro1(a, a0 + i * rowStride, kStride, kc, buf, alpha, c, co + i * n + j0, acc, w, spill);
                }
            }
        }
    }

    /** Row i of C from B in place: a sum of B's rows (B stored K×N), or dot products with them (B stored N×K). */
    private static void row(Gemm.Spec s, double[] a, int ao, double[] b, int bo, double[] c, int co, int i) {
        int n = s.n();
        int k = s.k();
        int a0 = ao + (s.transA() ? i : i * k);
        int kStride = s.transA() ? s.m() : 1;
        double alpha = s.alpha();
        int c0 = co + i * n;
        int nv = S.loopBound(n);
        if (!s.transB()) {
            if (!s.accumulate()) {
                Arrays.fill(c, c0, c0 + n, 0.0);
            }
            for (int kk = 0; kk < k; kk++) {
                double x = alpha * a[a0 + kk * kStride];
                DoubleVector xv = DoubleVector.broadcast(S, x);
                int b0 = bo + kk * n;
                int j = 0;
                for (; j < nv; j += V) {
                    xv.fma(DoubleVector.fromArray(S, b, b0 + j), DoubleVector.fromArray(S, c, c0 + j)).intoArray(c, c0 + j);
                }
                for (; j < n; j++) {
                    c[c0 + j] += x * b[b0 + j];
                }
            }
            return;
        }
        int kv = kStride == 1 ? S.loopBound(k) : 0;
        double[] lanes = new double[4 * V];
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            // four outputs at once, sharing the loads of a
            int b0 = bo + j * k;
            DoubleVector acc0 = DoubleVector.zero(S);
            DoubleVector acc1 = DoubleVector.zero(S);
            DoubleVector acc2 = DoubleVector.zero(S);
            DoubleVector acc3 = DoubleVector.zero(S);
            for (int kk = 0; kk < kv; kk += V) {
                DoubleVector av = DoubleVector.fromArray(S, a, a0 + kk);
                acc0 = av.fma(DoubleVector.fromArray(S, b, b0 + kk), acc0);
                acc1 = av.fma(DoubleVector.fromArray(S, b, b0 + k + kk), acc1);
                acc2 = av.fma(DoubleVector.fromArray(S, b, b0 + 2 * k + kk), acc2);
                acc3 = av.fma(DoubleVector.fromArray(S, b, b0 + 3 * k + kk), acc3);
            }
            acc0.intoArray(lanes, 0);
            acc1.intoArray(lanes, V);
            acc2.intoArray(lanes, 2 * V);
            acc3.intoArray(lanes, 3 * V);
            for (int q = 0; q < 4; q++) {
                finishDot(s, a, a0, kStride, b, b0 + q * k, k, kv, laneSum(lanes, q * V), alpha, c, c0 + j + q);
            }
        }
        for (; j < n; j++) {
            int b0 = bo + j * k;
            DoubleVector acc = DoubleVector.zero(S);
            for (int kk = 0; kk < kv; kk += V) {
                acc = DoubleVector.fromArray(S, a, a0 + kk).fma(DoubleVector.fromArray(S, b, b0 + kk), acc);
            }
            acc.intoArray(lanes, 0);
            finishDot(s, a, a0, kStride, b, b0, k, kv, laneSum(lanes, 0), alpha, c, c0 + j);
        }
    }

    /**
     * The V lanes stored at {@code lanes[at …]} summed pairwise in a fixed order (lanes i and i + V/2
     * first), never the JIT's choice of order; the lanes are overwritten.
     */
    private static double laneSum(double[] lanes, int at) {
        for (int h = V / 2; h >= 1; h /= 2) {
            for (int q = at; q < at + h; q++) {
                lanes[q] += lanes[q + h];
            }
        }
        return lanes[at];
    }

    /** Adds the scalar tail (from kv) of one dot product to its vector part {@code sum} and stores (or accumulates) it. */
    private static void finishDot(Gemm.Spec s, double[] a, int a0, int kStride, double[] b, int b0, int k, int kv, double sum,
                                  double alpha, double[] c, int at) {
        double total = sum;
        for (int kk = kv; kk < k; kk++) {
            total += a[a0 + kk * kStride] * b[b0 + kk];
        }
        c[at] = s.accumulate() ? c[at] + alpha * total : alpha * total;
    }

    /** Copies rows [k0, k0 + kc) × columns [j0, j0 + w) of B into buf as kc rows of NR doubles, zero padded. */
    private static void pack(boolean transB, double[] b, int bo, int n, int k, int j0, int w, int k0, int kc, double[] buf) {
        if (!transB) {
            for (int kk = 0; kk < kc; kk++) {
                int src = bo + (k0 + kk) * n + j0;
                int dst = kk * NR;
                System.arraycopy(b, src, buf, dst, w);
                for (int j = w; j < NR; j++) {
                    buf[dst + j] = 0.0;
                }
            }
        } else {
            // B stored N×K: element (kk, j) at bo + j·k + kk; read each stored row contiguously
            for (int j = 0; j < NR; j++) {
                if (j < w) {
                    int src = bo + (j0 + j) * k + k0;
                    for (int kk = 0; kk < kc; kk++) {
                        buf[kk * NR + j] = b[src + kk];
                    }
                } else {
                    for (int kk = 0; kk < kc; kk++) {
                        buf[kk * NR + j] = 0.0;
                    }
                }
            }
        }
    }

    private static void micro4(double[] a, int a0, int rowStride, int kStride, int k, double[] buf, double alpha,
                               double[] c, int c0, int ldc, boolean acc, int w, double[] spill) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        int p0 = a0;
        int p1 = a0 + rowStride;
        int p2 = a0 + 2 * rowStride;
        int p3 = a0 + 3 * rowStride;
        for (int kk = 0; kk < k; kk++) {
            int q = kk * kStride;
            DoubleVector b0 = DoubleVector.fromArray(S, buf, kk * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, buf, kk * NR + V);
            DoubleVector x = DoubleVector.broadcast(S, a[p0 + q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[p1 + q]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[p2 + q]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[p3 + q]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        store(c00, c01, alpha, c, c0, acc, w, spill);
        store(c10, c11, alpha, c, c0 + ldc, acc, w, spill);
        store(c20, c21, alpha, c, c0 + 2 * ldc, acc, w, spill);
        store(c30, c31, alpha, c, c0 + 3 * ldc, acc, w, spill);
    }

    private static void micro1(double[] a, int a0, int kStride, int k, double[] buf, double alpha,
                               double[] c, int c0, boolean acc, int w, double[] spill) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + kk * kStride]);
            c00 = x.fma(DoubleVector.fromArray(S, buf, kk * NR), c00);
            c01 = x.fma(DoubleVector.fromArray(S, buf, kk * NR + V), c01);
        }
        store(c00, c01, alpha, c, c0, acc, w, spill);
    }

    /**
     * Writes (or adds) one row of a block. A partial strip goes through {@code spill} and a scalar
     * loop rather than masked stores, whose slow path near the end of C would box the vectors.
     */
    private static void store(DoubleVector v0, DoubleVector v1, double alpha, double[] c, int at, boolean acc, int w,
                              double[] spill) {
        if (alpha != 1) {
            v0 = v0.mul(alpha);
            v1 = v1.mul(alpha);
        }
        if (w == NR) {
            if (acc) {
                v0.add(DoubleVector.fromArray(S, c, at)).intoArray(c, at);
                v1.add(DoubleVector.fromArray(S, c, at + V)).intoArray(c, at + V);
            } else {
                v0.intoArray(c, at);
                v1.intoArray(c, at + V);
            }
            return;
        }
        v0.intoArray(spill, 0);
        v1.intoArray(spill, V);
        for (int j = 0; j < w; j++) {
            c[at + j] = acc ? c[at + j] + spill[j] : spill[j];
        }
    }
}

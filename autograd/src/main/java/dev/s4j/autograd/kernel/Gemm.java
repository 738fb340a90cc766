package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;

/**
 * Batched general matrix multiply on row-major planes:
 * {@code C[b] = alpha · op(A[b]) · op(B[b]) (+ C[b] if accumulate)}, where {@code op} is the
 * identity or the transpose. A is M×K (K×M when transposed), B is K×N (N×K when transposed),
 * C is M×N; each batch entry starts at the offset the caller gives.
 *
 * <p>Both precisions run a Vector API micro-kernel ({@link GemmVectorF32}, {@link GemmVectorF64}) when
 * available, plain loops otherwise. The work is
 * split over batch entries, column strips and row blocks on the shared pool.
 */
public final class Gemm {
    private Gemm() {
    }

    /** Shape and layout of one batched product. */
    public record Spec(int batch, int m, int n, int k, boolean transA, boolean transB, double alpha, boolean accumulate) {
        /** Plain product without transposes. */
        public static Spec of(int batch, int m, int n, int k) {
            return new Spec(batch, m, n, k, false, false, 1, false);
        }
    }

    /** Offsets of batch entry {@code t} in A, B and C. */
    @FunctionalInterface
    public interface Offsets {
        /** Writes A's, B's and C's offsets of batch entry {@code t} into {@code out[0..2]}. */
        void of(int t, int[] out);
    }

    /** Float32 product. */
    public static void gemm(Spec s, float[] a, float[] b, float[] c, Offsets offsets) {
        if (VectorSupport.available()) {
            GemmVectorF32.gemm(s, a, b, c, offsets);
            return;
        }
        run(s, (t, rowFrom, rowTo, off) -> scalar(s, a, off[0], b, off[1], c, off[2], rowFrom, rowTo), offsets);
    }

    /** Float64 product. */
    public static void gemm(Spec s, double[] a, double[] b, double[] c, Offsets offsets) {
        if (VectorSupport.available()) {
            GemmVectorF64.gemm(s, a, b, c, offsets);
            return;
        }
        run(s, (t, rowFrom, rowTo, off) -> scalar(s, a, off[0], b, off[1], c, off[2], rowFrom, rowTo), offsets);
    }

    @FunctionalInterface
    interface RowTask {
        void run(int t, int rowFrom, int rowTo, int[] offsets);
    }

    /** Splits the batch × rows space into tasks on the pool. */
    static void run(Spec s, RowTask task, Offsets offsets) {
        long flops = 2L * s.m() * s.n() * s.k();
        int rowChunks = (int) Math.max(1, Math.min(s.m(), 4L * Parallel.threads() / Math.max(1, s.batch())));
        if (flops * s.batch() < 1 << 18) {
            rowChunks = 1;
        }
        int chunks = rowChunks;
        int items = s.batch() * chunks;
        int grain = flops * s.batch() < 1 << 18 ? items : 1;
        Parallel.range(items, grain, (from, to) -> {
            int[] off = new int[3];
            for (int w = from; w < to; w++) {
                int t = w / chunks;
                int r = w % chunks;
                offsets.of(t, off);
                task.run(t, (int) ((long) s.m() * r / chunks), (int) ((long) s.m() * (r + 1) / chunks), off);
            }
        });
    }

    private static void scalar(Spec s, float[] a, int ao, float[] b, int bo, float[] c, int co, int r0, int r1) {
        int n = s.n();
        int k = s.k();
        int m = s.m();
        float alpha = (float) s.alpha();
        float[] bt = s.transB() ? transpose(b, bo, n, k) : null;
        for (int i = r0; i < r1; i++) {
            int crow = co + i * n;
            if (!s.accumulate()) {
                java.util.Arrays.fill(c, crow, crow + n, 0f);
            }
            for (int kk = 0; kk < k; kk++) {
                float aik = alpha * (s.transA() ? a[ao + kk * m + i] : a[ao + i * k + kk]);
                if (aik == 0) {
                    continue;
                }
                if (bt != null) {
                    int brow = kk * n;
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += aik * bt[brow + j];
                    }
                } else {
                    int brow = bo + kk * n;
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += aik * b[brow + j];
                    }
                }
            }
        }
    }

    private static void scalar(Spec s, double[] a, int ao, double[] b, int bo, double[] c, int co, int r0, int r1) {
        int n = s.n();
        int k = s.k();
        int m = s.m();
        double alpha = s.alpha();
        double[] bt = s.transB() ? transpose(b, bo, n, k) : null;
        for (int i = r0; i < r1; i++) {
            int crow = co + i * n;
            if (!s.accumulate()) {
                java.util.Arrays.fill(c, crow, crow + n, 0.0);
            }
            for (int kk = 0; kk < k; kk++) {
                double aik = alpha * (s.transA() ? a[ao + kk * m + i] : a[ao + i * k + kk]);
                if (aik == 0) {
                    continue;
                }
                if (bt != null) {
                    int brow = kk * n;
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += aik * bt[brow + j];
                    }
                } else {
                    int brow = bo + kk * n;
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += aik * b[brow + j];
                    }
                }
            }
        }
    }

    /** B stored N×K → K×N copy. */
    private static float[] transpose(float[] b, int bo, int n, int k) {
        float[] t = new float[k * n];
        for (int j = 0; j < n; j++) {
            for (int kk = 0; kk < k; kk++) {
                t[kk * n + j] = b[bo + j * k + kk];
            }
        }
        return t;
    }

    private static double[] transpose(double[] b, int bo, int n, int k) {
        double[] t = new double[k * n];
        for (int j = 0; j < n; j++) {
            for (int kk = 0; kk < k; kk++) {
                t[kk * n + j] = b[bo + j * k + kk];
            }
        }
        return t;
    }
}

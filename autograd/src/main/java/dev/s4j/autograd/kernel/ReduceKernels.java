package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;

/**
 * Reductions of the middle axis of a tensor viewed as {@code (outer, n, inner)}:
 * {@code out[o, i] = reduce_k x[o, k, i]}. Sums accumulate in double precision.
 */
public final class ReduceKernels {
    private static final int GRAIN = 1 << 15;

    private ReduceKernels() {
    }

    /** Sum over the middle axis; planes of complex storages are summed separately. */
    public static Storage sum(Storage x, int outer, int n, int inner) {
        Storage out = Storage.allocate(x.dtype(), outer * inner);
        if (x instanceof Storage.F32 a) {
            Storage.F32 o = (Storage.F32) out;
            sumPlane(a.re, o.re, outer, n, inner);
            if (a.im != null) {
                sumPlane(a.im, o.im, outer, n, inner);
            }
        } else {
            Storage.F64 a = (Storage.F64) x;
            Storage.F64 o = (Storage.F64) out;
            sumPlane(a.re, o.re, outer, n, inner);
            if (a.im != null) {
                sumPlane(a.im, o.im, outer, n, inner);
            }
        }
        return out;
    }

    private static void sumPlane(float[] x, float[] out, int outer, int n, int inner) {
        int grain = Math.max(1, GRAIN / Math.max(1, n * inner));
        if (inner == 1) {
            Parallel.range(outer, grain, (lo, hi) -> {
                for (int o = lo; o < hi; o++) {
                    out[o] = (float) contiguousSum(x, o * n, n);
                }
            });
            return;
        }
        Parallel.range(outer, grain, (lo, hi) -> {
            double[] acc = new double[inner];
            for (int o = lo; o < hi; o++) {
                java.util.Arrays.fill(acc, 0);
                int base = o * n * inner;
                for (int k = 0; k < n; k++) {
                    int row = base + k * inner;
                    for (int i = 0; i < inner; i++) {
                        acc[i] += x[row + i];
                    }
                }
                for (int i = 0; i < inner; i++) {
                    out[o * inner + i] = (float) acc[i];
                }
            }
        });
    }

    /**
     * Σ x[from .. from + n) in double, over four independent partial sums: a single chain of
     * dependent additions runs at one element per add latency, a quarter of this speed.
     */
    private static double contiguousSum(float[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[from + i];
            s1 += x[from + i + 1];
            s2 += x[from + i + 2];
            s3 += x[from + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[from + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void sumPlane(double[] x, double[] out, int outer, int n, int inner) {
        int grain = Math.max(1, GRAIN / Math.max(1, n * inner));
        Parallel.range(outer, grain, (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int base = o * n * inner;
                int ob = o * inner;
                for (int k = 0; k < n; k++) {
                    int row = base + k * inner;
                    for (int i = 0; i < inner; i++) {
                        out[ob + i] += x[row + i];
                    }
                }
            }
        });
    }

    /** Maximum (or minimum) over the middle axis of a real storage; NaN propagates. */
    public static Storage extreme(Storage x, int outer, int n, int inner, boolean max) {
        Storage out = Storage.allocate(x.dtype(), outer * inner);
        int grain = Math.max(1, GRAIN / Math.max(1, n * inner));
        Parallel.range(outer, grain, (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * n * inner + i;
                    double best = x.re(base);
                    for (int k = 1; k < n && !Double.isNaN(best); k++) {
                        double v = x.re(base + k * inner);
                        if (Double.isNaN(v) || (max ? v > best : v < best)) {
                            best = v;
                        }
                    }
                    out.setRe(o * inner + i, best);
                }
            }
        });
        return out;
    }
}

package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;

/**
 * GELU and GLU, forward and backward, on storages: {@link ActivationVector} for float32 when the
 * Vector API is available, plain loops otherwise (float64 with the double-precision normal cdf).
 */
public final class ActivationKernels {
    private static final int GRAIN = 1 << 15;

    private ActivationKernels() {
    }

    /** GELU(x) = x·Φ(x), elementwise. */
    public static Storage gelu(Storage x) {
        Storage out = Storage.allocate(x.dtype(), x.length());
        int done = 0;
        if (x instanceof Storage.F32 f && VectorSupport.available()) {
            done = ActivationVector.gelu(f.re, ((Storage.F32) out).re);
        }
        boolean fast = x instanceof Storage.F32;
        int from = done;
        Parallel.range(x.length() - from, GRAIN, (lo, hi) -> {
            for (int i = from + lo; i < from + hi; i++) {
                double v = x.re(i);
                out.setRe(i, v * (fast ? SpecialMath.normalCdfFast(v) : SpecialMath.normalCdf(v)));
            }
        });
        return out;
    }

    /** g·GELU'(x) = g·(Φ(x) + x·φ(x)), elementwise; g of x's dtype. */
    public static Storage geluBackward(Storage x, Storage g) {
        Storage out = Storage.allocate(x.dtype(), x.length());
        int done = 0;
        if (x instanceof Storage.F32 f && VectorSupport.available()) {
            done = ActivationVector.geluBackward(f.re, ((Storage.F32) g).re, ((Storage.F32) out).re);
        }
        boolean fast = x instanceof Storage.F32;
        int from = done;
        Parallel.range(x.length() - from, GRAIN, (lo, hi) -> {
            for (int i = from + lo; i < from + hi; i++) {
                double v = x.re(i);
                double cdf = fast ? SpecialMath.normalCdfFast(v) : SpecialMath.normalCdf(v);
                out.setRe(i, g.re(i) * (cdf + v * SpecialMath.normalPdf(v)));
            }
        });
        return out;
    }

    /**
     * GLU over the middle axis of x viewed as (outer, 2n, inner): y[o, k, i] = a·σ(b) with
     * a = x[o, k, i], b = x[o, n + k, i]. Returns y (outer, n, inner).
     */
    public static Storage glu(Storage x, int outer, int n, int inner) {
        Storage out = Storage.allocate(x.dtype(), outer * n * inner);
        int block = n * inner;
        Parallel.range(outer, Math.max(1, GRAIN / Math.max(1, 2 * block)), (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int aAt = o * 2 * block;
                int bAt = aAt + block;
                int yAt = o * block;
                int done = 0;
                if (x instanceof Storage.F32 f && VectorSupport.available()) {
                    done = ActivationVector.glu(f.re, aAt, bAt, ((Storage.F32) out).re, yAt, block);
                }
                for (int i = done; i < block; i++) {
                    out.setRe(yAt + i, x.re(aAt + i) * sigmoid(x.re(bAt + i)));
                }
            }
        });
        return out;
    }

    /** Gradient of {@link #glu}: into a new storage shaped like x. */
    public static Storage gluBackward(Storage x, Storage g, int outer, int n, int inner) {
        Storage gx = Storage.allocate(x.dtype(), x.length());
        int block = n * inner;
        Parallel.range(outer, Math.max(1, GRAIN / Math.max(1, 2 * block)), (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int aAt = o * 2 * block;
                int bAt = aAt + block;
                int gAt = o * block;
                int done = 0;
                if (x instanceof Storage.F32 f && VectorSupport.available()) {
                    done = ActivationVector.gluBackward(f.re, aAt, bAt, ((Storage.F32) g).re, gAt, ((Storage.F32) gx).re, block);
                }
                for (int i = done; i < block; i++) {
                    double s = sigmoid(x.re(bAt + i));
                    double gv = g.re(gAt + i);
                    gx.setRe(aAt + i, gv * s);
                    gx.setRe(bAt + i, gv * x.re(aAt + i) * s * (1 - s));
                }
            }
        });
        return gx;
    }

    /**
     * GELU in place over {@code x[from, from + count)} on the calling thread, as {@link #gelu}
     * computes float32 storages (a recurrent step of a float32 model).
     */
    public static void gelu(float[] x, int from, int count) {
        int done = VectorSupport.available() ? ActivationVector.gelu(x, from, count) : 0;
        for (int i = from + done; i < from + count; i++) {
            x[i] = (float) (x[i] * SpecialMath.normalCdfFast(x[i]));
        }
    }

    /**
     * {@code y[yAt + i] = a_i·σ(b_i)} with a = x[aAt …], b = x[bAt …], i &lt; count, on the calling
     * thread, as {@link #glu} computes float32 storages.
     */
    public static void glu(float[] x, int aAt, int bAt, float[] y, int yAt, int count) {
        int done = VectorSupport.available() ? ActivationVector.glu(x, aAt, bAt, y, yAt, count) : 0;
        for (int i = done; i < count; i++) {
            y[yAt + i] = (float) (x[aAt + i] * sigmoid(x[bAt + i]));
        }
    }

    /** The logistic function, stable for large |v|. */
    public static double sigmoid(double v) {
        if (v >= 0) {
            return 1 / (1 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1 + e);
    }
}

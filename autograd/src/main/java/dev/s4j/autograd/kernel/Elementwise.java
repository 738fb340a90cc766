package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise maps over storages of the same length, evaluated in double precision and stored in
 * the storages' own precision; large inputs are split over the shared pool.
 */
public final class Elementwise {
    private static final int GRAIN = 1 << 15;

    private Elementwise() {
    }

    /** A complex function of one complex argument, writing its result to {@code out[0], out[1]}. */
    @FunctionalInterface
    public interface ComplexFunction {
        void apply(double re, double im, double[] out);
    }

    /** {@code out[i] = f(x[i])} for a real storage; the result has x's dtype. */
    public static Storage map(Storage x, DoubleUnaryOperator f) {
        Storage out = Storage.allocate(x.dtype(), x.length());
        if (x instanceof Storage.F32 a) {
            float[] o = ((Storage.F32) out).re;
            Parallel.range(o.length, GRAIN, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    o[i] = (float) f.applyAsDouble(a.re[i]);
                }
            });
        } else {
            double[] in = ((Storage.F64) x).re;
            double[] o = ((Storage.F64) out).re;
            Parallel.range(o.length, GRAIN, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    o[i] = f.applyAsDouble(in[i]);
                }
            });
        }
        return out;
    }

    /** {@code out[i] = f(x[i], y[i])} for real storages of equal length and dtype. */
    public static Storage zip(Storage x, Storage y, DoubleBinaryOperator f) {
        Storage out = Storage.allocate(x.dtype(), x.length());
        if (x instanceof Storage.F32 a) {
            float[] b = ((Storage.F32) y).re;
            float[] o = ((Storage.F32) out).re;
            Parallel.range(o.length, GRAIN, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    o[i] = (float) f.applyAsDouble(a.re[i], b[i]);
                }
            });
        } else {
            double[] a = ((Storage.F64) x).re;
            double[] b = ((Storage.F64) y).re;
            double[] o = ((Storage.F64) out).re;
            Parallel.range(o.length, GRAIN, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    o[i] = f.applyAsDouble(a[i], b[i]);
                }
            });
        }
        return out;
    }

    /** {@code out[i] = f(z[i])} for a complex storage; the result has z's dtype. */
    public static Storage mapComplex(Storage z, ComplexFunction f) {
        Storage out = Storage.allocate(z.dtype(), z.length());
        Parallel.range(z.length(), GRAIN, (lo, hi) -> {
            double[] r = new double[2];
            for (int i = lo; i < hi; i++) {
                f.apply(z.re(i), z.im(i), r);
                out.setRe(i, r[0]);
                out.setIm(i, r[1]);
            }
        });
        return out;
    }

    /** {@code out[i] = f(z[i])} from a complex storage to a real one of the same precision. */
    public static Storage complexToReal(Storage z, ComplexToReal f) {
        Storage out = Storage.allocate(z.dtype().toReal(), z.length());
        Parallel.range(z.length(), GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                out.setRe(i, f.apply(z.re(i), z.im(i)));
            }
        });
        return out;
    }

    /** A real function of one complex argument. */
    @FunctionalInterface
    public interface ComplexToReal {
        double apply(double re, double im);
    }
}

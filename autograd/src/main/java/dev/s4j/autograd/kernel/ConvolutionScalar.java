package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The fused FFT convolution (see {@link ConvolutionKernels}) row by row in float64 with
 * JTransforms' packed real transforms, for any dtype and any even n. In JTransforms' packed
 * layout a[0] = X₀, a[1] = X_{n/2}, both real, and (a[2j], a[2j+1]) = X_j for 0 &lt; j &lt; n/2.
 */
final class ConvolutionScalar implements ConvolutionPlan {
    private final ConvolutionJob d;
    private final double[] kHat;

    ConvolutionScalar(Storage k, ConvolutionJob d) {
        this.d = d;
        this.kHat = kernelSpectra(k, d);
    }

    /** Packed spectra of the kernel rows: (C·H) × n doubles. */
    private static double[] kernelSpectra(Storage k, ConvolutionJob d) {
        double[] spectra = new double[d.c() * d.h() * d.n()];
        Parallel.range(d.c() * d.h(), 1, (from, to) -> {
            DoubleFFT_1D plan = FftRows.plan(d.n());
            for (int row = from; row < to; row++) {
                int at = row * d.n();
                for (int j = 0; j < d.m(); j++) {
                    spectra[at + j] = k.re(row * d.m() + j);
                }
                plan.realForward(spectra, at);
            }
        });
        return spectra;
    }

    @Override
    public void forward(Storage u, Storage y) {
        int n = d.n();
        int l = d.l();
        Parallel.range(d.b() * d.h(), 1, (from, to) -> {
            DoubleFFT_1D plan = FftRows.plan(n);
            double[] uHat = new double[n];
            double[] buf = new double[n];
            for (int row = from; row < to; row++) {
                int b = row / d.h();
                int h = row % d.h();
                load(u, row * l, l, uHat);
                plan.realForward(uHat);
                for (int c = 0; c < d.c(); c++) {
                    multiply(uHat, kHat, (c * d.h() + h) * n, false, buf, n);
                    plan.realInverse(buf, true);
                    int out = ((b * d.c() + c) * d.h() + h) * l;
                    for (int t = 0; t < l; t++) {
                        y.setRe(out + t, buf[t]);
                    }
                }
            }
        });
    }

    /** Rows are split by h, so each task owns its kernel rows' accumulators. */
    @Override
    public void backward(Storage u, Storage g, Storage gu, Storage gk) {
        int n = d.n();
        int l = d.l();
        Parallel.range(d.h(), 1, (from, to) -> {
            DoubleFFT_1D plan = FftRows.plan(n);
            double[] uHat = new double[n];
            double[] gHat = new double[n];
            double[] acc = new double[n];
            double[] kAcc = new double[d.c() * n];
            for (int h = from; h < to; h++) {
                java.util.Arrays.fill(kAcc, 0);
                for (int b = 0; b < d.b(); b++) {
                    if (gk != null) {
                        load(u, (b * d.h() + h) * l, l, uHat);
                        plan.realForward(uHat);
                    }
                    java.util.Arrays.fill(acc, 0);
                    for (int c = 0; c < d.c(); c++) {
                        load(g, ((b * d.c() + c) * d.h() + h) * l, l, gHat);
                        plan.realForward(gHat);
                        if (gu != null) {
                            multiplyAdd(gHat, kHat, (c * d.h() + h) * n, acc, 0, n);
                        }
                        if (gk != null) {
                            multiplyAdd(gHat, uHat, 0, kAcc, c * n, n);
                        }
                    }
                    if (gu != null) {
                        plan.realInverse(acc, true);
                        int out = (b * d.h() + h) * l;
                        for (int t = 0; t < l; t++) {
                            gu.setRe(out + t, acc[t]);
                        }
                    }
                }
                if (gk != null) {
                    for (int c = 0; c < d.c(); c++) {
                        System.arraycopy(kAcc, c * n, acc, 0, n);
                        plan.realInverse(acc, true);
                        int out = (c * d.h() + h) * d.m();
                        for (int j = 0; j < d.m(); j++) {
                            gk.setRe(out + j, acc[j]);
                        }
                    }
                }
            }
        });
    }

    /** buf[0:len] = row of s starting at {@code at}, zeros after. */
    private static void load(Storage s, int at, int len, double[] buf) {
        for (int t = 0; t < len; t++) {
            buf[t] = s.re(at + t);
        }
        java.util.Arrays.fill(buf, len, buf.length, 0.0);
    }

    /** out = x · y (conj(y) if asked), packed spectra; y starts at {@code yAt}. */
    private static void multiply(double[] x, double[] y, int yAt, boolean conj, double[] out, int n) {
        out[0] = x[0] * y[yAt];
        out[1] = x[1] * y[yAt + 1];
        double s = conj ? -1 : 1;
        for (int j = 2; j < n; j += 2) {
            double xr = x[j];
            double xi = x[j + 1];
            double yr = y[yAt + j];
            double yi = s * y[yAt + j + 1];
            out[j] = xr * yr - xi * yi;
            out[j + 1] = xr * yi + xi * yr;
        }
    }

    /** out[outAt…] += x · conj(y), packed spectra; y starts at {@code yAt}. */
    private static void multiplyAdd(double[] x, double[] y, int yAt, double[] out, int outAt, int n) {
        out[outAt] += x[0] * y[yAt];
        out[outAt + 1] += x[1] * y[yAt + 1];
        for (int j = 2; j < n; j += 2) {
            double xr = x[j];
            double xi = x[j + 1];
            double yr = y[yAt + j];
            double yi = -y[yAt + j + 1];
            out[outAt + j] += xr * yr - xi * yi;
            out[outAt + j + 1] += xr * yi + xi * yr;
        }
    }
}

package dev.s4j.opencl;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CauchyJob;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.accel.FftJob;
import dev.s4j.autograd.accel.VandermondeJob;
import java.util.Locale;
import java.util.Random;

/**
 * The probe's checks: a small job of every kind, forward and backward, in every precision the
 * device supports, each compared with the CPU backend. A device that builds the programs but
 * computes something else is found here, before any real job reaches it.
 */
final class ProbeChecks {
    private static final CpuAccelerator CPU = CpuAccelerator.INSTANCE;

    private final ClDevice device;
    private final Precision precision;
    private final Random random = new Random(20_211_100);

    private ProbeChecks(ClDevice device, Precision precision) {
        this.device = device;
        this.precision = precision;
    }

    /** Null if every check agrees with the CPU; otherwise which one did not, and by how much. */
    static String run(ClDevice device) {
        for (Precision p : Precision.values()) {
            if (device.supports(p)) {
                String failure = new ProbeChecks(device, p).all();
                if (failure != null) {
                    return failure;
                }
            }
        }
        return null;
    }

    private String all() {
        String f = cauchy();
        if (f == null) {
            f = fft(FftJob.Kind.R2C, 3, 16, 16);
        }
        if (f == null) {
            f = fft(FftJob.Kind.C2C_FORWARD, 2, 12, 10);
        }
        if (f == null) {
            f = fft(FftJob.Kind.C2C_INVERSE, 2, 8, 9);
        }
        if (f == null) {
            f = fft(FftJob.Kind.C2R, 2, 12, 7);
        }
        if (f == null && device.fp64) {
            f = vandermonde();
        }
        if (f == null) {
            f = convolution();
        }
        return f;
    }

    private String cauchy() {
        int m = 2;
        int r = 3;
        int n = 5;
        int l = 7;
        Storage v = random(m * r * n, true, 0);
        Storage w = random(r * n, true, -0.5);
        Storage z = random(l, true, 0);
        CauchyJob job = new CauchyJob(m, r, n, l, 1, true, v, w, z);
        Storage cpu = allocate(m * r * l, true);
        Storage dev = allocate(m * r * l, true);
        CPU.cauchy(job, cpu);
        ClCauchy.forward(device, job, dev);
        String f = compare("cauchy", cpu, dev);
        if (f != null) {
            return f;
        }
        Storage g = random(m * r * l, true, 0);
        Storage[] c = {allocate(m * r * n, true), allocate(r * n, true), allocate(l, true)};
        Storage[] d = {allocate(m * r * n, true), allocate(r * n, true), allocate(l, true)};
        CPU.cauchyBackward(job, g, c[0], c[1], c[2]);
        ClCauchy.backward(device, job, g, d[0], d[1], d[2]);
        return compareAll("cauchy gradient", c, d);
    }

    private String fft(FftJob.Kind kind, int rows, int n, int in) {
        boolean complexIn = kind != FftJob.Kind.R2C;
        Storage x = random(rows * in, complexIn, 0);
        FftJob probe = new FftJob(kind, rows, in, n, x, null);
        boolean complexOut = kind != FftJob.Kind.C2R;
        Storage cpu = allocate(rows * probe.outLength(), complexOut);
        Storage dev = allocate(rows * probe.outLength(), complexOut);
        CPU.fft(new FftJob(kind, rows, in, n, x, cpu));
        ClFft.run(device, new FftJob(kind, rows, in, n, x, dev));
        return compare("fft " + kind + " n=" + n, cpu, dev);
    }

    private String vandermonde() {
        int m = 2;
        int r = 3;
        int n = 4;
        int l = 70;
        Storage c = random(m * r * n, true, 0);
        Storage z = allocate(r * n, true);
        for (int i = 0; i < r * n; i++) {
            double radius = 0.9 + 0.09 * random.nextDouble();
            double angle = Math.PI * random.nextDouble();
            z.setRe(i, radius * Math.cos(angle));
            z.setIm(i, radius * Math.sin(angle));
        }
        VandermondeJob job = new VandermondeJob(m, r, n, l, c, z);
        Storage cpu = allocate(m * r * l, false);
        Storage dev = allocate(m * r * l, false);
        CPU.vandermonde(job, cpu);
        ClVandermonde.forward(device, job, dev);
        String f = compare("vandermonde", cpu, dev);
        if (f != null) {
            return f;
        }
        Storage g = random(m * r * l, false, 0);
        Storage[] a = {allocate(m * r * n, true), allocate(r * n, true)};
        Storage[] b = {allocate(m * r * n, true), allocate(r * n, true)};
        CPU.vandermondeBackward(job, g, a[0], a[1]);
        ClVandermonde.backward(device, job, g, b[0], b[1]);
        return compareAll("vandermonde gradient", a, b);
    }

    private String convolution() {
        int b = 2;
        int c = 2;
        int h = 3;
        int l = 10;
        int m = 10;
        int n = 32;
        Storage k = random(c * h * m, false, 0);
        Storage u = random(b * h * l, false, 0);
        ConvolutionJob job = new ConvolutionJob(b, c, h, l, m, n, k);
        ConvolutionPlan cpu = CPU.convolution(job);
        ConvolutionPlan dev = new ClConvolution(device, job);
        Storage yc = allocate(b * c * h * l, false);
        Storage yd = allocate(b * c * h * l, false);
        cpu.forward(u, yc);
        dev.forward(u, yd);
        String f = compare("convolution", yc, yd);
        if (f != null) {
            return f;
        }
        Storage g = random(b * c * h * l, false, 0);
        Storage[] x = {allocate(b * h * l, false), allocate(c * h * m, false)};
        Storage[] y = {allocate(b * h * l, false), allocate(c * h * m, false)};
        cpu.backward(u, g, x[0], x[1]);
        dev.backward(u, g, y[0], y[1]);
        return compareAll("convolution gradient", x, y);
    }

    private String compareAll(String what, Storage[] cpu, Storage[] dev) {
        for (int i = 0; i < cpu.length; i++) {
            String f = compare(what + " " + (i + 1), cpu[i], dev[i]);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private String compare(String what, Storage cpu, Storage dev) {
        double error = relativeError(cpu, dev);
        double tolerance = precision == Precision.SINGLE ? 1e-4 : 1e-9;
        if (!(error <= tolerance)) {
            return String.format(Locale.ROOT, "the device's %s (%s) differs from the CPU's: relative error %.2g (allowed %.0g)",
                    what, precision.dtypeName(), error, tolerance);
        }
        return null;
    }

    /** max |a − b| / max |a| over both planes. */
    static double relativeError(Storage a, Storage b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length(); i++) {
            diff = Math.max(diff, Math.hypot(a.re(i) - b.re(i), a.im(i) - b.im(i)));
            scale = Math.max(scale, Math.hypot(a.re(i), a.im(i)));
        }
        return scale == 0 ? diff : diff / scale;
    }

    private Storage allocate(int length, boolean complex) {
        DType t = precision == Precision.SINGLE ? DType.FLOAT32 : DType.FLOAT64;
        return Storage.allocate(complex ? t.toComplex() : t, length);
    }

    private Storage random(int length, boolean complex, double reShift) {
        Storage s = allocate(length, complex);
        for (int i = 0; i < length; i++) {
            s.setRe(i, random.nextGaussian() + reShift);
            if (complex) {
                s.setIm(i, random.nextGaussian());
            }
        }
        return s;
    }
}

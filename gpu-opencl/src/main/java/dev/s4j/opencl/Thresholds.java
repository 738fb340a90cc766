package dev.s4j.opencl;

import dev.s4j.autograd.accel.CauchyJob;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.FftJob;
import dev.s4j.autograd.accel.VandermondeJob;
import java.util.Locale;

/**
 * The smallest job of each kind worth sending to the device: below it, copying to and from the
 * device and launching kernels cost more than the built-in CPU kernels take. Sizes are in work
 * units: M·R·N·L for the Cauchy and Vandermonde jobs, rows·n·log₂n for FFTs and B·C·H·n·log₂n
 * for convolutions. Each default depends on the kind of device and can be set with the system
 * property {@code s4j.opencl.min.<kind>} ({@code cauchy}, {@code vandermonde}, {@code fft},
 * {@code convolution}): a number of work units, or {@code never}.
 *
 * @param cauchy      least work of a Cauchy job (forward or backward)
 * @param vandermonde least work of a Vandermonde job
 * @param fft         least work of an FFT job
 * @param convolution least work of a convolution pass
 */
record Thresholds(long cauchy, long vandermonde, long fft, long convolution) {
    /** A threshold no job reaches. */
    static final long NEVER = Long.MAX_VALUE;

    /** The kinds, as named in the properties. */
    static final String[] KINDS = {"cauchy", "vandermonde", "fft", "convolution"};

    /**
     * The defaults for a device type, overridden by properties.
     *
     * @throws IllegalArgumentException naming the property whose value is not a whole number or {@code never}
     */
    static Thresholds forDevice(DeviceInfo.Type type) {
        Thresholds d = defaults(type);
        return new Thresholds(property("cauchy", d.cauchy), property("vandermonde", d.vandermonde),
                property("fft", d.fft), property("convolution", d.convolution));
    }

    /**
     * The defaults. On a CPU device (PoCL) the built-in kernels, which use the Vector API on the
     * same cores, were faster at every size measured (float32: 5 to 40 times; float64 Cauchy
     * sums: within 15% either way), so a CPU device runs nothing unless the properties ask for
     * it. For GPUs and accelerators no device has been measured yet: the defaults send jobs of
     * about a million work units and more (a convolution: four million), sizes at which the
     * copies to and from the device stay well below the work itself.
     */
    static Thresholds defaults(DeviceInfo.Type type) {
        if (type == DeviceInfo.Type.CPU) {
            return new Thresholds(NEVER, NEVER, NEVER, NEVER);
        }
        return new Thresholds(1L << 20, 1L << 20, 1L << 20, 1L << 22);
    }

    static long work(CauchyJob job) {
        return (long) job.m() * job.r() * job.n() * job.l();
    }

    static long work(VandermondeJob job) {
        return (long) job.m() * job.r() * job.n() * job.l();
    }

    static long work(FftJob job) {
        return (long) job.rows() * job.n() * log2(job.n());
    }

    static long work(ConvolutionJob job) {
        return (long) job.b() * job.c() * job.h() * job.n() * log2(job.n());
    }

    /** Whether no job of any kind reaches the device. */
    boolean none() {
        return cauchy == NEVER && vandermonde == NEVER && fft == NEVER && convolution == NEVER;
    }

    /** One line: each kind's threshold. */
    String describe() {
        return String.format(Locale.ROOT, "jobs run on the device from these sizes up (s4j.opencl.min.<kind>): cauchy %s,"
                + " vandermonde %s, fft %s, convolution %s", show(cauchy), show(vandermonde), show(fft), show(convolution));
    }

    private static String show(long v) {
        return v == NEVER ? "never" : Long.toString(v);
    }

    private static int log2(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
    }

    private static long property(String kind, long fallback) {
        String key = "s4j.opencl.min." + kind;
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        if (v.trim().equalsIgnoreCase("never")) {
            return NEVER;
        }
        try {
            long parsed = Long.parseLong(v.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + "=" + v + " is not a whole number of work units >= 0 or 'never'");
    }
}

package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.FftJob;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jtransforms.fft.DoubleFFT_1D;
import org.visnow.jlargearrays.ConcurrencyUtils;

/**
 * CPU FFT over rows with JTransforms. Every row is transformed in double precision (JTransforms'
 * float transform is not faster here), one row per task on the shared pool; JTransforms' own
 * threading is switched off, for the whole JVM (it is slower on few cores than splitting over
 * rows). The plans of the last few lengths are cached per thread.
 */
public final class FftRows {
    private static final int PLANS_PER_THREAD = 8;
    private static final ThreadLocal<Map<Integer, DoubleFFT_1D>> PLANS = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, DoubleFFT_1D> eldest) {
                    return size() > PLANS_PER_THREAD;
                }
            });
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[1][0]);

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    /** This thread's plan for length n (JTransforms, single-threaded). */
    static DoubleFFT_1D plan(int n) {
        return PLANS.get().computeIfAbsent(n, DoubleFFT_1D::new);
    }

    private FftRows() {
    }

    /** Runs a job on the CPU. */
    public static void run(FftJob job) {
        int n = job.n();
        if (n <= 0) {
            throw new IllegalArgumentException("fft: transform length must be positive, got " + n);
        }
        int grain = Math.max(1, (1 << 14) / n);
        Parallel.range(job.rows(), grain, (from, to) -> {
            DoubleFFT_1D plan = plan(n);
            double[] buf = scratch(2 * n + 2);
            for (int row = from; row < to; row++) {
                switch (job.kind()) {
                    case C2C_FORWARD, C2C_INVERSE -> complexRow(job, plan, buf, row);
                    case R2C -> realForwardRow(job, plan, buf, row);
                    case C2R -> realInverseRow(job, plan, buf, row);
                }
            }
        });
    }

    private static double[] scratch(int size) {
        double[][] holder = SCRATCH.get();
        if (holder[0].length < size) {
            holder[0] = new double[size];
        }
        return holder[0];
    }

    private static void complexRow(FftJob job, DoubleFFT_1D plan, double[] buf, int row) {
        int n = job.n();
        int copy = Math.min(n, job.inLength());
        int in = row * job.inLength();
        Storage src = job.input();
        for (int j = 0; j < copy; j++) {
            buf[2 * j] = src.re(in + j);
            buf[2 * j + 1] = src.im(in + j);
        }
        java.util.Arrays.fill(buf, 2 * copy, 2 * n, 0.0);
        if (job.kind() == FftJob.Kind.C2C_FORWARD) {
            plan.complexForward(buf);
        } else {
            plan.complexInverse(buf, true);
        }
        Storage dst = job.output();
        int out = row * n;
        for (int j = 0; j < n; j++) {
            dst.setRe(out + j, buf[2 * j]);
            dst.setIm(out + j, buf[2 * j + 1]);
        }
    }

    private static void realForwardRow(FftJob job, DoubleFFT_1D plan, double[] buf, int row) {
        int n = job.n();
        int copy = Math.min(n, job.inLength());
        int in = row * job.inLength();
        Storage src = job.input();
        for (int j = 0; j < copy; j++) {
            buf[j] = src.re(in + j);
        }
        java.util.Arrays.fill(buf, copy, n, 0.0);
        plan.realForward(buf);
        // Unpack JTransforms' packed layout into frequencies 0 … n/2.
        Storage dst = job.output();
        int half = n / 2;
        int out = row * (half + 1);
        dst.setRe(out, buf[0]);
        dst.setIm(out, 0);
        if (n % 2 == 0) {
            for (int k = 1; k < half; k++) {
                dst.setRe(out + k, buf[2 * k]);
                dst.setIm(out + k, buf[2 * k + 1]);
            }
            if (half > 0) {
                dst.setRe(out + half, buf[1]);
                dst.setIm(out + half, 0);
            }
        } else {
            for (int k = 1; k < half; k++) {
                dst.setRe(out + k, buf[2 * k]);
                dst.setIm(out + k, buf[2 * k + 1]);
            }
            if (half > 0) {
                dst.setRe(out + half, buf[n - 1]);
                dst.setIm(out + half, buf[1]);
            }
        }
    }

    private static void realInverseRow(FftJob job, DoubleFFT_1D plan, double[] buf, int row) {
        int n = job.n();
        int half = n / 2;
        int avail = Math.min(job.inLength(), half + 1);
        int in = row * job.inLength();
        Storage src = job.input();
        java.util.Arrays.fill(buf, 0, n, 0.0);
        if (avail > 0) {
            buf[0] = src.re(in);
        }
        // Frequencies 1 … half−1 sit at (2k, 2k+1); the last one (half) is stored apart.
        for (int k = 1; k <= Math.min(half - 1, avail - 1); k++) {
            buf[2 * k] = src.re(in + k);
            buf[2 * k + 1] = src.im(in + k);
        }
        if (half > 0 && avail > half) {
            if (n % 2 == 0) {
                buf[1] = src.re(in + half);
            } else {
                buf[n - 1] = src.re(in + half);
                buf[1] = src.im(in + half);
            }
        }
        if (n == 1) {
            buf[0] = avail > 0 ? src.re(in) : 0;
        } else {
            plan.realInverse(buf, true);
        }
        Storage dst = job.output();
        int out = row * n;
        for (int j = 0; j < n; j++) {
            dst.setRe(out + j, buf[j]);
        }
    }
}

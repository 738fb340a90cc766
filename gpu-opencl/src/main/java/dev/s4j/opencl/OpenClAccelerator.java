package dev.s4j.opencl;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.accel.CauchyJob;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.accel.FftJob;
import dev.s4j.autograd.accel.VandermondeJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * The OpenCL backend (JOCL): runs the Cauchy kernel of S4, the Vandermonde product of S4D, batched
 * FFTs and the fused FFT convolution, forward and backward, on an OpenCL device, with the CPU
 * backend's conventions (float32 and float64, PyTorch's gradients for complex numbers). Found
 * through {@link java.util.ServiceLoader}; priority 10, above the CPU.
 *
 * <p>The probe lists the devices, picks one (a GPU, then an accelerator, then a CPU device; the
 * system property {@code s4j.opencl.device} picks one by index or part of its name), builds the
 * programs, runs a small job of every kind and compares it with the CPU; it returns a one-line
 * reason when that fails and gives up after {@code s4j.opencl.probe.seconds} (default 120). A
 * device whose thresholds no job reaches (by default a CPU device such as PoCL, which is slower
 * than the CPU backend) is reported as not usable, with the properties that change that.
 *
 * <p>A job is declined, and runs on the CPU, when the device lacks its precision (float64 needs
 * {@code cl_khr_fp64}; the Vandermonde product always does), when it is smaller than the device's
 * threshold for its kind ({@link Thresholds}), or when its buffers do not fit on the device.
 * Jobs from several threads run one at a time on the device.
 */
public final class OpenClAccelerator implements Accelerator {
    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "s4j-opencl-probe");
        t.setDaemon(true);
        return t;
    });
    /** Set when a probe did not finish: the runtime may be stuck in the driver, so nothing touches it again. */
    private static volatile String stuck;

    private volatile OpenClRuntime.Session session;
    private final AtomicLong jobs = new AtomicLong();

    /** A backend that opens the device when probed. */
    public OpenClAccelerator() {
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String probe() {
        if (stuck != null) {
            return stuck;
        }
        long seconds = Long.getLong("s4j.opencl.probe.seconds", 120);
        Future<OpenClRuntime.Session> result = PROBES.submit(OpenClRuntime::session);
        try {
            OpenClRuntime.Session s = result.get(seconds, TimeUnit.SECONDS);
            if (s.thresholds().none()) {
                return "every job is below the thresholds of " + s.device().info.name() + " (a " + s.device().info.type()
                        + " device, slower than the CPU backend here); set s4j.opencl.min.<kind> to send jobs to it";
            }
            session = s;
            return null;
        } catch (TimeoutException e) {
            result.cancel(true);
            stuck = "the OpenCL probe did not finish within " + seconds + " s (s4j.opencl.probe.seconds); the driver may hang";
            return stuck;
        } catch (ExecutionException e) {
            return e.getCause() instanceof DeviceCatalog.Unavailable u ? u.getMessage() : OpenClRuntime.reason(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing OpenCL";
        }
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (stuck != null) {
            lines.add(stuck);
            return lines;
        }
        try {
            for (DeviceInfo d : DeviceCatalog.devices()) {
                lines.add(d.describe());
            }
        } catch (DeviceCatalog.Unavailable e) {
            lines.add(e.getMessage());
            return lines;
        } catch (RuntimeException | LinkageError e) {
            lines.add("listing the devices failed: " + OpenClRuntime.reason(e));
            return lines;
        }
        OpenClRuntime.Session s = OpenClRuntime.current();
        if (s != null) {
            lines.add("chosen: device " + s.device().info.index() + " (" + s.device().info.name() + ")"
                    + (s.device().fp64 ? "" : "; float64 jobs and the Vandermonde product run on the CPU (no cl_khr_fp64,"
                    + " or s4j.opencl.fp64=false)"));
            lines.add(s.thresholds().describe());
        }
        return lines;
    }

    @Override
    public String summary() {
        OpenClRuntime.Session s = session;
        if (s == null) {
            return "opencl (not probed)";
        }
        DeviceInfo d = s.device().info;
        return "opencl: " + d.name() + " (" + d.type() + ", " + (s.device().fp64 ? "fp64" : "no fp64") + ", " + d.platformName() + ")";
    }

    /** Releases the device (context, queue, programs, buffers); jobs after this fail, and the CPU takes over. */
    public void close() {
        session = null;
        if (stuck == null) {     // a stuck probe still holds the runtime; the process's end releases it
            OpenClRuntime.close();
        }
    }

    /** Device memory held in buffers (in use or pooled), in bytes, and their number; zeros without a device. */
    long[] deviceMemory() {
        OpenClRuntime.Session s = session;
        if (s == null) {
            return new long[2];
        }
        s.device().lock.lock();
        try {
            return new long[] {s.device().pool().allocatedBytes(), s.device().pool().allocatedCount()};
        } finally {
            s.device().lock.unlock();
        }
    }

    @Override
    public boolean fft(FftJob job) {
        OpenClRuntime.Session s = takes(Precision.of(job.input()), Thresholds.work(job), Thresholds::fft);
        return s != null && fitted(() -> ClFft.run(s.device(), job));
    }

    @Override
    public boolean cauchy(CauchyJob job, Storage out) {
        OpenClRuntime.Session s = takes(Precision.of(out), Thresholds.work(job), Thresholds::cauchy);
        return s != null && fitted(() -> ClCauchy.forward(s.device(), job, out));
    }

    @Override
    public boolean cauchyBackward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz) {
        OpenClRuntime.Session s = takes(Precision.of(g), Thresholds.work(job), Thresholds::cauchy);
        return s != null && fitted(() -> ClCauchy.backward(s.device(), job, g, gv, gw, gz));
    }

    @Override
    public boolean vandermonde(VandermondeJob job, Storage out) {
        OpenClRuntime.Session s = takes(Precision.of(job.c()), Thresholds.work(job), Thresholds::vandermonde);
        return s != null && s.device().fp64 && fitted(() -> ClVandermonde.forward(s.device(), job, out));
    }

    @Override
    public boolean vandermondeBackward(VandermondeJob job, Storage g, Storage gc, Storage gz) {
        OpenClRuntime.Session s = takes(Precision.of(job.c()), Thresholds.work(job), Thresholds::vandermonde);
        return s != null && s.device().fp64 && fitted(() -> ClVandermonde.backward(s.device(), job, g, gc, gz));
    }

    @Override
    public ConvolutionPlan convolution(ConvolutionJob job) {
        OpenClRuntime.Session s = takes(Precision.of(job.k()), Thresholds.work(job), Thresholds::convolution);
        if (s == null || !ClConvolution.fits(s.device(), job)) {
            return null;
        }
        return new RoomyPlan(new ClConvolution(s.device(), job), job);
    }

    /**
     * The session if it takes a job of this precision and work (at least the kind's threshold;
     * empty jobs never), else null.
     */
    private OpenClRuntime.Session takes(Precision p, long work, ToLongFunction<Thresholds> threshold) {
        OpenClRuntime.Session s = session;
        if (s == null || work == 0 || !s.device().supports(p) || work < threshold.applyAsLong(s.thresholds())) {
            return null;
        }
        return s;
    }

    /** Jobs and convolution passes this backend ran on the device. */
    public long jobsRun() {
        return jobs.get();
    }

    /** Runs a device job; false (declined) if its buffers found no room on the device. */
    private boolean fitted(Runnable job) {
        try {
            job.run();
            jobs.incrementAndGet();
            return true;
        } catch (BufferPool.NoRoom e) {
            return false;
        }
    }

    /** A device plan whose passes run on the CPU when the device has no room for them. */
    private final class RoomyPlan implements ConvolutionPlan {
        private final ConvolutionPlan device;
        private final ConvolutionJob job;

        RoomyPlan(ConvolutionPlan device, ConvolutionJob job) {
            this.device = device;
            this.job = job;
        }

        @Override
        public void forward(Storage u, Storage y) {
            if (!fitted(() -> device.forward(u, y))) {
                CpuAccelerator.INSTANCE.convolution(job).forward(u, y);
            }
        }

        @Override
        public void backward(Storage u, Storage g, Storage gu, Storage gk) {
            if (!fitted(() -> device.backward(u, g, gu, gk))) {
                CpuAccelerator.INSTANCE.convolution(job).backward(u, g, gu, gk);
            }
        }
    }
}

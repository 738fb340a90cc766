package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;

/**
 * Chooses the backend for heavy stages and routes jobs to it, falling back to the CPU.
 *
 * <p>On first use every {@link Accelerator} found by {@link ServiceLoader} is probed
 * ({@link Accelerator#probe()}); the usable one with the highest priority wins, otherwise the
 * CPU. The system property {@code s4j.accelerator} picks one by name ({@code cpu} forces the
 * CPU, {@code auto} or nothing the best); {@link #select(String)} does the same from code. Every
 * decision is logged through {@link System.Logger} with the reason a candidate was skipped.
 *
 * <p>A job the active backend declines runs on the CPU. A backend that fails in the middle of a
 * run (throws) is taken out of use with one warning, the CPU runs that job again from its inputs
 * and every later one: results are never taken from a failed job.
 */
public final class Accelerators {
    private static final System.Logger LOG = System.getLogger(Accelerators.class.getName());
    private static final CpuAccelerator CPU = CpuAccelerator.INSTANCE;
    private static volatile Accelerator active;
    private static volatile List<String> report = List.of();
    private static List<Accelerator> candidates;

    private Accelerators() {
    }

    /** The backend in use (probing on first call). */
    public static Accelerator active() {
        Accelerator a = active;
        if (a == null) {
            synchronized (Accelerators.class) {
                if (active == null) {
                    active = choose(System.getProperty("s4j.accelerator", ""));
                }
                a = active;
            }
        }
        return a;
    }

    /**
     * Chooses again: {@code "auto"} or empty for the best usable backend, {@code "cpu"}, or a
     * backend's name (the CPU when it is not usable, with the reason in {@link #report()}).
     *
     * @return the backend now in use
     */
    public static synchronized Accelerator select(String wanted) {
        active = choose(wanted);
        return active;
    }

    /** Uses {@code accelerator} from now on (after probing it); returns false, keeping the current one, if its probe fails. */
    public static synchronized boolean use(Accelerator accelerator) {
        String reason = safeProbe(accelerator);
        if (reason != null) {
            LOG.log(Level.WARNING, "s4j: accelerator " + accelerator.name() + " is not usable: " + reason);
            return false;
        }
        active = accelerator;
        return true;
    }

    /**
     * One line per candidate seen at the last selection: name and whether it was usable (and why
     * not), then the backend in use; a failure after the selection adds its line.
     */
    public static List<String> report() {
        if (report.isEmpty()) {
            active();
        }
        return report;
    }

    /**
     * The backends found through {@link ServiceLoader}, highest priority first, the CPU not
     * included; none of them is probed by this call.
     */
    public static synchronized List<Accelerator> candidates() {
        if (candidates == null) {
            List<Accelerator> found = new ArrayList<>();
            try {
                for (Accelerator a : ServiceLoader.load(Accelerator.class)) {
                    found.add(a);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.log(Level.WARNING, "s4j: looking up accelerators failed: " + e);
            }
            found.sort(Comparator.comparingInt(Accelerator::priority).reversed());
            candidates = List.copyOf(found);
        }
        return candidates;
    }

    /** Runs an FFT job on the active backend, or on the CPU if it declines or fails. */
    public static void fft(FftJob job) {
        if (!onActive(a -> a.fft(job), "an FFT")) {
            CPU.fft(job);
        }
    }

    /** Runs a Cauchy job on the active backend, or on the CPU if it declines or fails. */
    public static void cauchy(CauchyJob job, Storage out) {
        if (!onActive(a -> a.cauchy(job, out), "a Cauchy kernel")) {
            CPU.cauchy(job, out);
        }
    }

    /** Runs a Cauchy gradient job on the active backend, or on the CPU if it declines or fails. */
    public static void cauchyBackward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz) {
        if (!onActive(a -> a.cauchyBackward(job, g, gv, gw, gz), "a Cauchy gradient")) {
            CPU.cauchyBackward(job, g, gv, gw, gz);
        }
    }

    /** Runs a Vandermonde job on the active backend, or on the CPU if it declines or fails. */
    public static void vandermonde(VandermondeJob job, Storage out) {
        if (!onActive(a -> a.vandermonde(job, out), "a Vandermonde product")) {
            CPU.vandermonde(job, out);
        }
    }

    /** Runs a Vandermonde gradient job on the active backend, or on the CPU if it declines or fails. */
    public static void vandermondeBackward(VandermondeJob job, Storage g, Storage gc, Storage gz) {
        if (!onActive(a -> a.vandermondeBackward(job, g, gc, gz), "a Vandermonde gradient")) {
            CPU.vandermondeBackward(job, g, gc, gz);
        }
    }

    /**
     * A plan for a convolution job: the active backend's if it takes the job, the CPU's otherwise.
     * A backend plan whose pass fails hands that pass, and every later one, to a CPU plan.
     */
    public static ConvolutionPlan convolution(ConvolutionJob job) {
        Accelerator a = active();
        if (a != CPU) {
            try {
                ConvolutionPlan plan = a.convolution(job);
                if (plan != null) {
                    return new GuardedPlan(a, plan, job);
                }
            } catch (RuntimeException | LinkageError e) {
                disable(a, "a convolution", e);
            }
        }
        return CPU.convolution(job);
    }

    /** Offers a job to the active backend: true if it ran it, false if it declined or failed (then taken out of use). */
    private static boolean onActive(Predicate<Accelerator> job, String what) {
        Accelerator a = active();
        if (a == CPU) {
            return false;
        }
        try {
            return job.test(a);
        } catch (RuntimeException | LinkageError e) {
            disable(a, what, e);
            return false;
        }
    }

    /** Takes a failed backend out of use (once, with one warning); the CPU runs everything after. */
    static synchronized void disable(Accelerator failed, String what, Throwable cause) {
        if (active != failed) {
            return;
        }
        String line = failed.name() + ": failed during " + what + " (" + cause + "); the CPU runs every job from now on";
        LOG.log(Level.WARNING, "s4j: accelerator " + line);
        List<String> lines = new ArrayList<>(report);
        lines.add(line);
        lines.add("active: cpu");
        report = List.copyOf(lines);
        active = CPU;
    }

    /** Probes the ServiceLoader candidates; {@code wanted} is the requested name, "cpu", or empty/"auto" for the best. */
    static Accelerator choose(String wanted) {
        String name = wanted.equals("auto") ? "" : wanted;
        List<String> lines = new ArrayList<>();
        List<Accelerator> found = candidates();
        Accelerator chosen = CPU;
        if (!name.equals("cpu")) {
            for (Accelerator a : found) {
                if (!name.isEmpty() && !name.equals(a.name())) {
                    lines.add(a.name() + ": skipped (requested: " + name + ")");
                    continue;
                }
                String reason = safeProbe(a);
                if (reason == null) {
                    lines.add(a.name() + ": usable");
                    chosen = a;
                    break;
                }
                lines.add(a.name() + ": not usable: " + reason);
            }
        }
        if (!name.isEmpty() && !name.equals(chosen.name())) {
            lines.add("requested accelerator '" + name + "' is not available; using cpu");
            LOG.log(Level.WARNING, "s4j: requested accelerator '" + name + "' is not available; using cpu");
        }
        lines.add("active: " + chosen.name());
        report = List.copyOf(lines);
        LOG.log(Level.DEBUG, "s4j accelerator selection: " + String.join("; ", lines));
        return chosen;
    }

    private static String safeProbe(Accelerator a) {
        try {
            return a.probe();
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    /**
     * A backend's convolution plan whose passes go to a CPU plan once the backend has failed
     * (here or in any other job) or is no longer the active one.
     */
    private static final class GuardedPlan implements ConvolutionPlan {
        private final Accelerator backend;
        private final ConvolutionPlan plan;
        private final ConvolutionJob job;
        private volatile ConvolutionPlan cpu;

        GuardedPlan(Accelerator backend, ConvolutionPlan plan, ConvolutionJob job) {
            this.backend = backend;
            this.plan = plan;
            this.job = job;
        }

        @Override
        public void forward(Storage u, Storage y) {
            if (onBackend()) {
                try {
                    plan.forward(u, y);
                    return;
                } catch (RuntimeException | LinkageError e) {
                    disable(backend, "a convolution", e);
                }
            }
            cpu().forward(u, y);
        }

        @Override
        public void backward(Storage u, Storage g, Storage gu, Storage gk) {
            if (onBackend()) {
                try {
                    plan.backward(u, g, gu, gk);
                    return;
                } catch (RuntimeException | LinkageError e) {
                    disable(backend, "a convolution", e);
                }
            }
            cpu().backward(u, g, gu, gk);
        }

        private boolean onBackend() {
            return active == backend;
        }

        private ConvolutionPlan cpu() {
            ConvolutionPlan c = cpu;
            if (c == null) {
                c = CPU.convolution(job);
                cpu = c;
            }
            return c;
        }
    }
}

package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the backend for heavy stages and routes jobs to it, falling back to the CPU.
 *
 * <p>On first use every {@link Accelerator} found by {@link ServiceLoader} is probed
 * ({@link Accelerator#probe()}); the usable one with the highest priority wins, otherwise the
 * CPU. The system property {@code s4j.accelerator} picks one by name ({@code cpu} forces the
 * CPU). Every decision is logged through {@link System.Logger} with the reason a candidate was
 * skipped. A job the active backend declines runs on the CPU.
 */
public final class Accelerators {
    private static final System.Logger LOG = System.getLogger(Accelerators.class.getName());
    private static volatile Accelerator active;
    private static volatile List<String> report = List.of();

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

    /** One line per candidate seen at selection: name and whether it was usable (and why not). */
    public static List<String> report() {
        active();
        return report;
    }

    /** Runs an FFT job on the active backend, or on the CPU if it declines. */
    public static void fft(FftJob job) {
        if (!active().fft(job)) {
            CpuAccelerator.INSTANCE.fft(job);
        }
    }

    /** Runs a Cauchy job on the active backend, or on the CPU if it declines. */
    public static void cauchy(CauchyJob job, Storage out) {
        if (!active().cauchy(job, out)) {
            CpuAccelerator.INSTANCE.cauchy(job, out);
        }
    }

    /** Runs a Cauchy gradient job on the active backend, or on the CPU if it declines. */
    public static void cauchyBackward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz) {
        if (!active().cauchyBackward(job, g, gv, gw, gz)) {
            CpuAccelerator.INSTANCE.cauchyBackward(job, g, gv, gw, gz);
        }
    }

    /** Probes the ServiceLoader candidates; {@code wanted} is the requested name, "cpu", or empty for the best. */
    static Accelerator choose(String wanted) {
        List<String> lines = new ArrayList<>();
        List<Accelerator> found = new ArrayList<>();
        try {
            for (Accelerator a : ServiceLoader.load(Accelerator.class)) {
                found.add(a);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            lines.add("service lookup failed: " + e);
        }
        found.sort(Comparator.comparingInt(Accelerator::priority).reversed());
        Accelerator chosen = CpuAccelerator.INSTANCE;
        if (!wanted.equals("cpu")) {
            for (Accelerator a : found) {
                if (!wanted.isEmpty() && !wanted.equals(a.name())) {
                    lines.add(a.name() + ": skipped (s4j.accelerator=" + wanted + ")");
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
        if (!wanted.isEmpty() && !wanted.equals(chosen.name())) {
            lines.add("requested accelerator '" + wanted + "' is not available; using cpu");
            LOG.log(Level.WARNING, "s4j: requested accelerator '" + wanted + "' is not available; using cpu");
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
}

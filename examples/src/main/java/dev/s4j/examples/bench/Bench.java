package dev.s4j.examples.bench;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.kernel.VectorSupport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks behind {@code s4j bench}: suites {@code kernel}, {@code block}, {@code gen},
 * {@code lssl} and {@code serve}, each printing one JSON object per measurement with the same core fields as
 * {@code benchmarks/tools/official_bench.py}, which measures the official PyTorch implementation, after one
 * {@code "env"} line that describes the machine, the JVM and the memory method.
 */
public final class Bench {
    private static final Map<String, Suite> SUITES = new LinkedHashMap<>();

    static {
        for (Suite s : List.of(new KernelSuite(), new BlockSuite(), new GenSuite(), new LsslSuite(), new ServeSuite())) {
            SUITES.put(s.name(), s);
        }
    }

    private Bench() {
    }

    /** The suite names, in their default order. */
    public static List<String> suites() {
        return List.copyOf(SUITES.keySet());
    }

    /**
     * Runs {@code suites} (names from {@link #suites()}) with the full or quick settings.
     *
     * @throws IllegalArgumentException for an unknown suite name, before anything runs
     */
    public static void run(List<String> suites, boolean quick, BenchOutput out) {
        run(suites, quick, null, out);
    }

    /** Like {@link #run(List, boolean, BenchOutput)}, with the kernel suite's configurations from {@code kernels} if not null. */
    public static void run(List<String> suites, boolean quick, KernelGrid kernels, BenchOutput out) {
        BenchSettings settings = quick ? BenchSettings.quick() : BenchSettings.full();
        run(suites, kernels != null ? settings.withKernels(kernels) : settings, quick, out);
    }

    /** The kernel suite's configurations of a full or quick run. */
    public static KernelGrid kernels(boolean quick) {
        return (quick ? BenchSettings.quick() : BenchSettings.full()).kernels();
    }

    static void run(List<String> suites, BenchSettings settings, boolean quick, BenchOutput out) {
        for (String s : suites) {
            if (!SUITES.containsKey(s)) {
                throw new IllegalArgumentException("unknown suite '" + s + "'; suites are " + String.join(", ", SUITES.keySet()));
            }
        }
        out.emit(environment(quick));
        for (String s : suites) {
            SUITES.get(s).run(settings, out);
        }
    }

    private static BenchOutput.Line environment(boolean quick) {
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return BenchOutput.line("env").put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("cpu", cpuModel()).put("cores", Runtime.getRuntime().availableProcessors()).put("threads", Parallel.threads())
                .put("java", System.getProperty("java.vm.name") + " " + Runtime.version())
                .put("vector_api", VectorSupport.available()).put("accelerator", Accelerators.active().name())
                .put("accelerator_summary", Accelerators.active().summary()).put("jvm_flags", String.join(" ", flags))
                .put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1 << 20)).put("dtype", "float32").put("quick", quick)
                .put("peak_mib_method", "peak live heap above the level before the phase: heap in use right after full"
                        + " collections forced every >= 5 ms during extra untimed repetitions (garbage not counted; a"
                        + " sampled lower bound)");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}

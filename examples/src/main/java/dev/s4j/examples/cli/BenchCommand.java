package dev.s4j.examples.cli;

import dev.s4j.autograd.Parallel;
import dev.s4j.examples.bench.Bench;
import dev.s4j.examples.bench.BenchOutput;
import dev.s4j.examples.bench.KernelGrid;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code s4j bench}: JSON lines of kernel, block, generation, LSSL and serving timings. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times S4/S4D/LSSL kernels, S4 blocks, generation, the LSSL comparison and (when named) serving in "
                + "step mode; one JSON object per line on standard output, progress on standard error.",
            "A full run of the default suites takes about 6 minutes on 2 cores; the serve suite about 2."})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suite", split = ",", defaultValue = "kernel,block,gen,lssl", paramLabel = "NAME",
            description = "suites to run, comma-separated: kernel, block, gen, lssl, serve (default: ${DEFAULT-VALUE}; serve, "
                    + "the streaming benchmark, runs when named)")
    List<String> suites;

    @Option(names = "--quick", description = "a smoke test (under 2 minutes): every kind of line on smaller configurations, measured once or twice")
    boolean quick;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;

    @CommandLine.Mixin
    AcceleratorOption accelerator;

    @Option(names = "--kernel-kinds", split = ",", paramLabel = "KIND",
            description = "kernel suite: kernels to time, among s4, s4d, lssl (default: all)")
    List<String> kernelKinds;

    @Option(names = "--kernel-widths", split = ",", paramLabel = "H", description = "kernel suite: widths H (default: 256)")
    List<Integer> kernelWidths;

    @Option(names = "--kernel-lengths", split = ",", paramLabel = "L",
            description = "kernel suite: lengths L (default: 1024,4096,16384; with --quick 1024,4096)")
    List<Integer> kernelLengths;

    @Override
    public Integer call() {
        if (threads < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be ≥ 0, got " + threads);
        }
        for (String s : suites) {
            if (!Bench.suites().contains(s)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown suite '" + s + "'; suites are " + String.join(", ", Bench.suites()));
            }
        }
        KernelGrid kernels;
        try {
            kernels = Bench.kernels(quick).with(kernelKinds, kernelWidths, kernelLengths);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Parallel.setThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        accelerator.select();
        PrintWriter err = spec.commandLine().getErr();
        Bench.run(suites, quick, kernels, new BenchOutput(spec.commandLine().getOut(), m -> {
            err.println("bench: " + m);
            err.flush();
        }));
        return 0;
    }
}

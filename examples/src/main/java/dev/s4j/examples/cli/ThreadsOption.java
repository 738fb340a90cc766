package dev.s4j.examples.cli;

import dev.s4j.autograd.Parallel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code --threads} option of eval and predict: the compute threads of the kernels. */
final class ThreadsOption {
    @Option(names = "--threads", defaultValue = "0", description = "compute threads, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;

    /** Refuses a negative count, naming the option. */
    void check(CommandSpec spec) {
        Options.atLeast(spec, "--threads", threads, 0);
    }

    /** Sets the kernels' thread count: the option's, or one per core for 0. */
    void apply() {
        Parallel.setThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }
}

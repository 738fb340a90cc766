package dev.s4j.examples.cli;

import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.TaskName;
import dev.s4j.examples.data.TaskSpec;
import dev.s4j.examples.data.Tasks;
import dev.s4j.examples.train.Backend;
import dev.s4j.examples.train.Checkpoint;
import dev.s4j.examples.train.ConsoleListener;
import dev.s4j.examples.train.KernelKind;
import dev.s4j.examples.train.ModelConfig;
import dev.s4j.examples.train.OptimConfig;
import dev.s4j.examples.train.Progress;
import dev.s4j.examples.train.RunDirectory;
import dev.s4j.examples.train.RunLock;
import dev.s4j.examples.train.TrainConfig;
import dev.s4j.examples.train.Trainer;
import dev.s4j.ssm.kernel.InitConvention;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code s4j train}: trains a model and saves the run. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a deep S4 model. With no options: the default model on the bundled sequential MNIST digits.",
            "Each run directory holds config.json, metrics.jsonl, checkpoint.safetensors, best.safetensors, curves.png and"
                + " kernels.png.", "Ctrl-C (or SIGTERM) stops after the current step and saves a checkpoint there; --resume continues"
                + " exactly where it stopped. A second Ctrl-C quits at once."})
public final class TrainCommand implements Callable<Integer> {
    /** Epochs of mnist-gen when --epochs is not given. */
    static final int MNIST_GEN_EPOCHS = 2;

    /** Options that may be given again with --resume; the others come from the checkpoint. */
    static final List<String> RESUMABLE = List.of("--epochs", "--max-minutes", "--threads", "--data", "--out", "--resume",
            "--detect-anomaly", "--accelerator");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", defaultValue = "smnist", description = "smnist, psmnist, fashion, copying, adding, delay, sc10 or mnist-gen (default: ${DEFAULT-VALUE})")
    String task;
    @Option(names = "--data", paramLabel = "DIR", description = "data directory (MNIST/Fashion IDX files, or an SC10 set)")
    Path data;
    @Option(names = "--length", defaultValue = "0", description = "sequence length of copying/adding/delay (default: 1024)")
    int length;
    @Option(names = "--train-size", defaultValue = "0", description = "training examples of copying/adding/delay (default: 8000)")
    int trainSize;
    @Option(names = "--kernel", defaultValue = "s4", description = "s4, s4d or lssl (default: ${DEFAULT-VALUE})")
    String kernel;
    @Option(names = "--layers", defaultValue = "4", description = "residual S4 blocks (default: ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--d-model", defaultValue = "64", description = "model width H (default: ${DEFAULT-VALUE})")
    int dModel;
    @Option(names = "--d-state", defaultValue = "64", description = "state size N (default: ${DEFAULT-VALUE})")
    int dState;
    @Option(names = "--init", defaultValue = "",
            description = "official (as the official S4 code: B̃ clipped, raw C drawn) or exact (HiPPO values as derived, C̃ drawn "
                + "directly) (default: official for s4 and s4d, which trained slightly better on sMNIST and psMNIST; lssl has exact only)")
    String init;
    @Option(names = "--dropout", defaultValue = "0", description = "dropout in each block (default: ${DEFAULT-VALUE})")
    double dropout;
    @Option(names = "--epochs", defaultValue = "0", description = "epochs (default: 5; " + MNIST_GEN_EPOCHS
            + " for mnist-gen, which then trains in under 10 minutes on 2 cores)")
    int epochs;
    @Option(names = "--batch", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", defaultValue = "0.01", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--ssm-lr", defaultValue = "0.001", description = "learning rate of Λ, P, B, Δ (default: ${DEFAULT-VALUE})")
    double ssmLr;
    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay (default: ${DEFAULT-VALUE})")
    double weightDecay;
    @Option(names = "--warmup", defaultValue = "0.05", description = "fraction of steps warming up (default: ${DEFAULT-VALUE})")
    double warmup;
    @Option(names = "--clip", defaultValue = "0", description = "gradient norm limit, 0 for none (default: ${DEFAULT-VALUE})")
    double clip;
    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", defaultValue = "0", description = "compute threads, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--max-minutes", defaultValue = "0", description = "stop and save after this many minutes, 0 = no limit")
    double maxMinutes;
    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default: runs/<task>-<date>-<time>)")
    Path out;
    @Option(names = "--resume", description = "continue the run in --out (default: the latest run under runs/) from its checkpoint")
    boolean resume;
    @Option(names = "--early-stop", defaultValue = "0", paramLabel = "N",
            description = "stop after N epochs without a better validation score (accuracy, or loss), 0 = never (default: ${DEFAULT-VALUE})")
    int earlyStop;
    @Option(names = "--detect-anomaly", description = "name the first op that produces NaN or infinity (slower)")
    boolean detectAnomaly;
    @CommandLine.Mixin
    AcceleratorOption accelerator;

    /** The configuration these options describe, checked first (each problem named by its option). */
    TrainConfig config() {
        check();
        TaskSpec t = new TaskSpec(TaskName.parse(task), data, length, trainSize);
        KernelKind kind = KernelKind.parse(kernel);
        ModelConfig m = new ModelConfig(kind, layers, dModel, dState, dropout, ssmLr, parsedInit(kind));
        OptimConfig o = new OptimConfig(epochsFor(t.name()), batch, lr, weightDecay, warmup, clip, earlyStop);
        return new TrainConfig(t, m, o, seed, threads, maxMinutes, accelerator.name);
    }

    /** Every option's value and whether the task takes it, before anything is loaded or written. */
    private void check() {
        TaskName name = parsed(() -> TaskName.parse(task), "--task");
        KernelKind kind = parsed(() -> KernelKind.parse(kernel), "--kernel");
        Options.atLeast(spec, "--layers", layers, 1);
        Options.atLeast(spec, "--d-model", dModel, 1);
        Options.atLeast(spec, "--d-state", dState, kind == KernelKind.LSSL ? 1 : 2);
        if (kind != KernelKind.LSSL && dState % 2 != 0) {
            throw Options.error(spec, "--d-state must be even for " + kind.id() + " (its modes come in conjugate pairs), got " + dState);
        }
        InitConvention convention = parsedInit(kind);
        if (kind == KernelKind.LSSL && convention != InitConvention.EXACT) {
            throw Options.error(spec, "--init official applies to the s4 and s4d kernels, not lssl");
        }
        Options.fraction(spec, "--dropout", dropout);
        if (spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
            Options.atLeast(spec, "--epochs", epochs, 1);
        }
        Options.atLeast(spec, "--batch", batch, 1);
        Options.positive(spec, "--lr", lr);
        Options.positive(spec, "--ssm-lr", ssmLr);
        Options.notNegative(spec, "--weight-decay", weightDecay);
        Options.fraction(spec, "--warmup", warmup);
        Options.notNegative(spec, "--clip", clip);
        Options.atLeast(spec, "--threads", threads, 0);
        Options.notNegative(spec, "--max-minutes", maxMinutes);
        Options.atLeast(spec, "--early-stop", earlyStop, 0);
        if (!Backend.names().contains(accelerator.name)) {
            throw Options.error(spec, "--accelerator " + accelerator.name + ": unknown backend; choose one of "
                    + String.join(", ", Backend.names()));
        }
        boolean synthetic = name == TaskName.COPYING || name == TaskName.ADDING || name == TaskName.DELAY;
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        if (!synthetic) {
            for (String o : List.of("--length", "--train-size")) {
                if (pr.hasMatchedOption(o)) {
                    throw Options.error(spec, o + " applies only to the copying, adding and delay tasks, not to " + name.id());
                }
            }
        } else if (pr.hasMatchedOption("--data")) {
            throw Options.error(spec, "--data applies only to the smnist, psmnist, fashion, sc10 and mnist-gen tasks, not to " + name.id());
        }
        if (synthetic && pr.hasMatchedOption("--length")) {
            int least = name == TaskName.COPYING ? 21 : 2;
            if (length < least) {
                throw Options.error(spec, "--length must be at least " + least + " for " + name.id()
                        + (name == TaskName.COPYING ? " (10 symbols, a blank stretch, a marker, then the 10 recalled)" : "")
                        + ", got " + length);
            }
        }
        if (pr.hasMatchedOption("--train-size")) {
            Options.atLeast(spec, "--train-size", trainSize, 1);
        }
        Options.directory(spec, "--data", data);
    }

    /** --epochs, or the task's default when it is not given. */
    private int epochsFor(TaskName task) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
            return epochs;
        }
        return task == TaskName.MNIST_GEN ? MNIST_GEN_EPOCHS : OptimConfig.defaults().epochs();
    }

    /** --init as a convention; without it, official for s4 and s4d, exact for lssl. */
    private InitConvention parsedInit(KernelKind kind) {
        return switch (init) {
            case "" -> kind == KernelKind.LSSL ? InitConvention.EXACT : InitConvention.OFFICIAL;
            case "exact" -> InitConvention.EXACT;
            case "official" -> InitConvention.OFFICIAL;
            default -> throw Options.error(spec, "--init must be exact or official, got '" + init + "'");
        };
    }

    private <T> T parsed(java.util.function.Supplier<T> parse, String option) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw Options.error(spec, option + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        return resume ? resumeRun(console) : newRun(console);
    }

    private int newRun(PrintWriter console) throws IOException {
        TrainConfig config = config();
        Backend.select(config.accelerator());   // an unusable backend is refused before anything is created
        RunDirectory run = out != null ? new RunDirectory(out) : RunDirectory.fresh(Path.of("runs"), task);
        RunLock lock = null;
        Trainer trainer;
        try {
            run.checkNewRun();
            lock = RunLock.acquire(run);
            say(console, "run    " + run.root());
            Task t = Tasks.load(config.task(), line -> say(console, line));
            trainer = Trainer.start(config, t, lock, new ConsoleListener(console));
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            if (out == null) {
                // a directory made for this run, which nobody else knows: leave nothing behind
                Files.deleteIfExists(run.root().resolve(RunLock.FILE));
                run.removeIfEmpty();
            }
            throw e;
        }
        return train(trainer);
    }

    private int resumeRun(PrintWriter console) throws IOException {
        RunDirectory run = new RunDirectory(out != null ? out : latestRun(Path.of("runs")));
        if (!Files.isRegularFile(run.checkpoint())) {
            throw new IOException(run.root() + (Files.isDirectory(run.root()) ? " holds no checkpoint.safetensors to resume from"
                    : ": no such run directory"));
        }
        RunLock lock = RunLock.acquire(run);
        Trainer trainer;
        try {
            if (!Files.isRegularFile(run.checkpoint())) {
                throw new IOException(run.root() + " holds no checkpoint.safetensors to resume from");
            }
            Checkpoint.Contents saved = Checkpoint.read(run.checkpoint());
            TrainConfig config = resumedConfig(saved.config());
            Progress p = saved.progress();
            if (config.optim().epochs() < p.epochsBegun()) {
                throw Options.error(spec, "--epochs " + config.optim().epochs() + " is below the " + p.epochsBegun()
                        + " epochs this run has begun");
            }
            boolean more = spec.commandLine().getParseResult().hasMatchedOption("--epochs") && config.optim().epochs() > p.epoch();
            if (p.finished() && !more) {
                lock.close();
                say(console, run.root() + " is finished: " + p.epoch() + " epochs" + testResult(run)
                        + ". Nothing to do; to train further, pass --epochs with more than " + p.epoch() + ".");
                return 0;
            }
            say(console, "run    " + run.root());
            Task t = Tasks.load(config.task(), line -> say(console, line));
            trainer = Trainer.resume(saved, config, t, lock, new ConsoleListener(console));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return train(trainer);
    }

    /** Trains with Ctrl-C and SIGTERM stopping after a step and saving; returns the exit code. */
    private int train(Trainer trainer) throws IOException {
        try (StopOnSignal signals = StopOnSignal.install(trainer, spec.commandLine().getErr())) {
            Trainer.Outcome o = trainer.detectAnomalies(detectAnomaly).run();
            return o.interrupted() ? signals.exitCode() : 0;
        }
    }

    /** ", test accuracy 97.90%" (or loss) from the run's metrics, or "" without a test line. */
    private static String testResult(RunDirectory run) {
        try {
            return run.readMetrics().stream().filter(r -> r.split().equals("test")).reduce((a, b) -> b)
                    .map(r -> r.acc() != null ? String.format(java.util.Locale.ROOT, ", test accuracy %.2f%%", 100 * r.acc())
                            : String.format(java.util.Locale.ROOT, ", test loss %.4f", r.loss())).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }

    /** The saved config with the options allowed on resume applied; other options given explicitly are refused. */
    TrainConfig resumedConfig(TrainConfig saved) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        for (CommandLine.Model.OptionSpec o : pr.matchedOptions()) {
            if (!RESUMABLE.contains(o.longestName())) {
                throw Options.error(spec, o.longestName() + " cannot change when resuming (the run continues with its saved config);"
                        + " only " + String.join(", ", RESUMABLE) + " may be given");
            }
        }
        TrainConfig c = saved;
        if (pr.hasMatchedOption("--epochs")) {
            Options.atLeast(spec, "--epochs", epochs, 1);
            c = c.withOptim(c.optim().withEpochs(epochs));
        }
        if (pr.hasMatchedOption("--data")) {
            TaskName name = c.task().name();
            if (name == TaskName.COPYING || name == TaskName.ADDING || name == TaskName.DELAY) {
                throw Options.error(spec, "--data applies only to the smnist, psmnist, fashion, sc10 and mnist-gen tasks, not to " + name.id());
            }
            Options.directory(spec, "--data", data);
            c = c.withTask(c.task().withData(data));
        }
        if (pr.hasMatchedOption("--accelerator")) {
            c = c.withAccelerator(accelerator.name);
        }
        if (pr.hasMatchedOption("--threads")) {
            Options.atLeast(spec, "--threads", threads, 0);
        }
        if (pr.hasMatchedOption("--max-minutes")) {
            Options.notNegative(spec, "--max-minutes", maxMinutes);
        }
        return c.withThreads(pr.hasMatchedOption("--threads") ? threads : c.threads())
                .withMaxMinutes(pr.hasMatchedOption("--max-minutes") ? maxMinutes : c.maxMinutes());
    }

    private static Path latestRun(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            throw new IOException("no run to resume: " + runs.toAbsolutePath() + " does not exist (pass --out DIR)");
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("checkpoint.safetensors")))
                    .max(Comparator.comparing(d -> d.resolve("checkpoint.safetensors").toFile().lastModified()))
                    .orElseThrow(() -> new IOException("no run to resume under " + runs.toAbsolutePath() + " (pass --out DIR)"));
        }
    }
}

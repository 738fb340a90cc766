package dev.s4j.examples.cli;

import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.TaskName;
import dev.s4j.examples.data.TaskSpec;
import dev.s4j.examples.data.Tasks;
import dev.s4j.examples.train.Checkpoint;
import dev.s4j.examples.train.ConsoleListener;
import dev.s4j.examples.train.KernelKind;
import dev.s4j.examples.train.ModelConfig;
import dev.s4j.examples.train.OptimConfig;
import dev.s4j.examples.train.RunDirectory;
import dev.s4j.examples.train.TrainConfig;
import dev.s4j.examples.train.Trainer;
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
            "Each run directory holds config.json, metrics.jsonl, checkpoint.safetensors, curves.png and kernels.png."})
public final class TrainCommand implements Callable<Integer> {
    /** Options that may be given again with --resume; the others come from the checkpoint. */
    static final List<String> RESUMABLE = List.of("--epochs", "--max-minutes", "--threads", "--data", "--out", "--resume",
            "--detect-anomaly", "--accelerator");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", defaultValue = "smnist", description = "smnist, psmnist, fashion, copying, adding, delay or sc10 (default: ${DEFAULT-VALUE})")
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
    @Option(names = "--dropout", defaultValue = "0", description = "dropout in each block (default: ${DEFAULT-VALUE})")
    double dropout;
    @Option(names = "--epochs", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
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
    @Option(names = "--detect-anomaly", description = "name the first op that produces NaN or infinity (slower)")
    boolean detectAnomaly;
    @CommandLine.Mixin
    AcceleratorOption accelerator;

    /** The configuration these options describe. */
    TrainConfig config() {
        TaskSpec t = new TaskSpec(TaskName.parse(task), data, length, trainSize);
        ModelConfig m = new ModelConfig(KernelKind.parse(kernel), layers, dModel, dState, dropout, ssmLr);
        OptimConfig o = new OptimConfig(epochs, batch, lr, weightDecay, warmup, clip);
        return new TrainConfig(t, m, o, seed, threads, maxMinutes, accelerator.name);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Trainer trainer;
        if (resume) {
            RunDirectory run = new RunDirectory(out != null ? out : latestRun(Path.of("runs")));
            Checkpoint.Contents saved = Checkpoint.read(run.checkpoint());
            TrainConfig config = resumedConfig(saved.config());
            Task t = Tasks.load(config.task(), line -> say(console, line));
            trainer = Trainer.resume(saved, config, t, run, new ConsoleListener(console));
        } else {
            TrainConfig config = config();
            RunDirectory run = out != null ? new RunDirectory(out) : RunDirectory.fresh(Path.of("runs"), task);
            if (Files.exists(run.checkpoint())) {
                throw new IOException(run.root() + " already holds a run; continue it with --resume or choose another --out");
            }
            Task t = Tasks.load(config.task(), line -> say(console, line));
            trainer = Trainer.start(config, t, run, new ConsoleListener(console));
        }
        trainer.detectAnomalies(detectAnomaly).run();
        return 0;
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
                throw new IllegalArgumentException(o.longestName() + " cannot change when resuming (the run continues with its "
                        + "saved config); only " + String.join(", ", RESUMABLE) + " may be given");
            }
        }
        TrainConfig c = saved;
        if (pr.hasMatchedOption("--epochs")) {
            c = c.withOptim(c.optim().withEpochs(epochs));
        }
        if (pr.hasMatchedOption("--data")) {
            c = c.withTask(c.task().withData(data));
        }
        if (pr.hasMatchedOption("--accelerator")) {
            c = c.withAccelerator(accelerator.name);
        }
        return c.withThreads(pr.hasMatchedOption("--threads") ? threads : c.threads())
                .withMaxMinutes(pr.hasMatchedOption("--max-minutes") ? maxMinutes : 0);
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

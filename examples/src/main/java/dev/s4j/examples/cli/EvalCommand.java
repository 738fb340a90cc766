package dev.s4j.examples.cli;

import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.Tasks;
import dev.s4j.examples.train.Checkpoint;
import dev.s4j.examples.train.Evaluator;
import dev.s4j.examples.train.TrainConfig;
import dev.s4j.ssm.model.Backbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s4j eval}: scores a saved model on a split of its task. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluates a saved run's model on a split of its task.")
public final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "a run directory or a checkpoint.safetensors file")
    Path run;
    @Option(names = "--split", defaultValue = "test", description = "train, val or test (default: ${DEFAULT-VALUE})")
    String split;
    @Option(names = "--data", paramLabel = "DIR", description = "data directory, if not the one the run used")
    Path data;
    @Option(names = "--batch", defaultValue = "64", description = "evaluation batch size (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--json", description = "print the result as one JSON object (run, split, loss, acc, examples, seconds)")
    boolean json;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;
    @picocli.CommandLine.Mixin
    AcceleratorOption accelerator;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        java.io.PrintWriter out = spec.commandLine().getOut();
        Options.atLeast(spec, "--batch", batch, 1);
        threads.check(spec);
        if (!java.util.List.of("train", "val", "test").contains(split)) {
            throw Options.error(spec, "--split must be train, val or test, got '" + split + "'");
        }
        Options.directory(spec, "--data", data);
        Path file = Files.isDirectory(run) ? run.resolve("checkpoint.safetensors") : run;
        Checkpoint.Contents saved = Checkpoint.read(file);
        TrainConfig config = saved.config();
        if (data != null) {
            config = config.withTask(config.task().withData(data));
        }
        threads.apply();
        accelerator.select();
        Task task = Tasks.load(config.task(), json ? line -> { } : out::println);
        Backbone model = saved.restoredModel(task);
        long start = System.nanoTime();
        Evaluator.Score s = Evaluator.score(model, task.objective(), task.split(split), batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("run", file.toString());
            fields.put("task", task.name());
            fields.put("split", split);
            fields.put("loss", s.loss());
            if (s.acc() != null) {
                fields.put("acc", s.acc());
            }
            Double bits = task.objective().bitsPerValue(s.loss());
            if (bits != null) {
                fields.put("bits_per_value", bits);
            }
            fields.put("examples", task.split(split).size());
            fields.put("seconds", Math.round(seconds * 1000) / 1000.0);
            out.println(new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(fields));
        } else {
            Double bits = task.objective().bitsPerValue(s.loss());
            out.printf(Locale.ROOT, "%s %s: loss %.4f%s%s (%d examples, %.1f s)%n", task.name(), split, s.loss(),
                    s.acc() == null ? "" : String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * s.acc()),
                    bits == null ? "" : String.format(Locale.ROOT, ", %.3f bits per %s", bits,
                            ((dev.s4j.examples.data.Objective.Generative) task.objective()).unit()),
                    task.split(split).size(), seconds);
        }
        out.flush();
        return 0;
    }
}

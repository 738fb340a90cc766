package dev.s4j.examples.cli;

import dev.s4j.autograd.Generator;
import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.TaskName;
import dev.s4j.examples.data.TaskSpec;
import dev.s4j.examples.data.Tasks;
import dev.s4j.examples.train.ImportedRun;
import dev.s4j.examples.train.OptimConfig;
import dev.s4j.examples.train.RunDirectory;
import dev.s4j.interop.OfficialImport;
import dev.s4j.interop.OfficialOptions;
import dev.s4j.ssm.discretize.Discretization;
import dev.s4j.ssm.discretize.RealTransform;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s4j import official}: a checkpoint of the official S4 code's example.py model. */
@Command(name = "official", mixinStandardHelpOptions = true,
        description = {"Imports a checkpoint of the official S4 code's example.py model (S4Model, with its minimal S4D layers "
            + "or full S4Block layers) as an s4j run directory (which s4j eval, s4j predict and s4j train --resume take) "
            + "or, when --out ends in .safetensors, as a model file (which s4j predict and Predictor.load read).",
            "CHECKPOINT: a torch.save file (.pt, .pth, .ckpt): the state dict itself, example.py's {'model', 'acc', 'epoch'}, "
                + "or a Lightning checkpoint; or a safetensors file of the state dict."})
public final class ImportOfficialCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CHECKPOINT", description = "the official checkpoint")
    Path checkpoint;
    @Option(names = "--out", required = true, paramLabel = "RUN_DIR|FILE",
            description = "a new run directory, or the model file to write (ending in .safetensors)")
    Path out;
    @Option(names = "--prenorm", description = "the model was trained with example.py's --prenorm (LayerNorm before each layer)")
    boolean prenorm;
    @Option(names = "--dt-transform", defaultValue = "exp",
            description = "the S4Block kernels' dt_transform: exp or softplus (default: ${DEFAULT-VALUE}, the official default)")
    String dtTransform;
    @Option(names = "--real-transform", defaultValue = "exp",
            description = "the S4Block kernels' real_transform: exp, relu or none (default: ${DEFAULT-VALUE})")
    String realTransform;
    @Option(names = "--disc", defaultValue = "zoh",
            description = "the discretization of S4Block diagonal ('diag'/'s4d') kernels: zoh or bilinear (default: ${DEFAULT-VALUE})")
    String disc;
    @Option(names = "--task", defaultValue = "smnist",
            description = "the run's task, whose data the model reads: smnist (example.py's --dataset mnist), psmnist, fashion, "
                + "copying, adding, delay or sc10 (default: ${DEFAULT-VALUE}); run directories only")
    String task;
    @Option(names = "--data", paramLabel = "DIR", description = "the task's data directory, if not its default; run directories only")
    Path data;
    @Option(names = "--dropout", defaultValue = "0.1",
            description = "dropout of fine-tuning, in example.py's places and kinds (default: ${DEFAULT-VALUE}, example.py's); "
                + "run directories only")
    double dropout;
    @Option(names = "--epochs", defaultValue = "1", description = "epochs of fine-tuning by train --resume (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--lr", defaultValue = "0.001", description = "peak learning rate of fine-tuning (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--batch", defaultValue = "32", description = "batch size of fine-tuning (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--seed", defaultValue = "0", description = "seed of fine-tuning's shuffles (default: ${DEFAULT-VALUE})")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter printed = spec.commandLine().getOut();
        boolean file = out.getFileName() != null && out.getFileName().toString().endsWith(".safetensors");
        if (file) {
            Options.newFile(spec, "--out", out, false);
        }
        if (file) {
            for (String o : new String[] {"--task", "--data", "--dropout", "--epochs", "--lr", "--batch", "--seed"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw Options.error(spec, o + " applies to a run directory; --out " + out + " is a model file (.safetensors)");
                }
            }
        }
        TaskName name;
        try {
            name = TaskName.parse(task);
        } catch (IllegalArgumentException e) {
            throw Options.error(spec, "--task: " + e.getMessage());
        }
        Options.atLeast(spec, "--epochs", epochs, 1);
        Options.atLeast(spec, "--batch", batch, 1);
        Options.positive(spec, "--lr", lr);
        Options.fraction(spec, "--dropout", dropout);
        Options.directory(spec, "--data", data);
        OfficialOptions options = OfficialOptions.defaults().withPrenorm(prenorm)
                .withDtTransform(choice("--dt-transform", dtTransform, OfficialOptions.DtTransform.class))
                .withRealTransform(choice("--real-transform", realTransform, RealTransform.class))
                .withDiscretization(choice("--disc", disc, Discretization.class, Discretization.ZOH, Discretization.BILINEAR));
        Backbone model = OfficialImport.exampleModel(checkpoint, options);
        if (!file && dropout > 0) {
            BackboneSpec s = model.spec();
            Backbone withDropout = new Backbone(s.withDropout(dropout).withBlock(s.block().withDropout(dropout)), new Generator(seed));
            withDropout.loadStateDict(model.stateDict(), true);
            model = withDropout;
        }
        if (file) {
            Predictor.of(model).save(out);
        } else {
            RunDirectory run = new RunDirectory(out);
            run.checkNewRun();
            TaskSpec taskSpec = TaskSpec.of(name).withData(data);
            Task t = Tasks.load(taskSpec, line -> {
                printed.println(line);
                printed.flush();
            });
            OptimConfig optim = OptimConfig.defaults().withEpochs(epochs).withLr(lr).withBatch(batch);
            String misfit = ImportedRun.misfit(model.spec(), t);
            if (misfit != null) {
                throw Options.error(spec, checkpoint + ": " + misfit + "; choose the model's task with --task");
            }
            ImportedRun.write(run, model, taskSpec, t, optim, seed);
        }
        BackboneSpec s = model.spec();
        String layer = s.block().kernel() instanceof dev.s4j.ssm.kernel.NplrSpec ? "S4" : "S4D";
        printed.printf("%s: example.py model, %d %s layers, d_in %d, H %d, N %d, d_out %d, %s%n", out, s.layers(), layer, s.inputSize(),
                s.width(), s.block().kernel().stateSize(), s.outputSize(), s.prenorm() ? "pre-norm" : "post-norm");
        if (!file) {
            printed.printf("evaluate it: ./s4j eval %s; fine-tune it: ./s4j train --resume --out %s%n", out, out);
        }
        printed.flush();
        return 0;
    }

    /** The constant of {@code type} named {@code value} (lower case on the command line), one of {@code allowed} if given. */
    @SafeVarargs
    private <E extends Enum<E>> E choice(String option, String value, Class<E> type, E... allowed) {
        java.util.List<E> choices = allowed.length > 0 ? java.util.List.of(allowed) : java.util.List.of(type.getEnumConstants());
        for (E e : choices) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw Options.error(spec, option + " must be " + String.join(" or ", choices.stream()
                .map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList()) + ", got '" + value + "'");
    }
}

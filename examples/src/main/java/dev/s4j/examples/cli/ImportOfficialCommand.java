package dev.s4j.examples.cli;

import dev.s4j.interop.OfficialImport;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s4j import official}: a checkpoint of the official S4 code's example.py model. */
@Command(name = "official", mixinStandardHelpOptions = true,
        description = {"Imports a checkpoint of the official S4 code's example.py model (S4Model, with its minimal S4D layers "
            + "or full S4Block layers) as an s4j model file, which s4j predict and Predictor.load read.",
            "CHECKPOINT: a torch.save file (.pt, .pth, .ckpt): the state dict itself, example.py's {'model', 'acc', 'epoch'}, "
                + "or a Lightning checkpoint; or a safetensors file of the state dict."})
public final class ImportOfficialCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CHECKPOINT", description = "the official checkpoint")
    Path checkpoint;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the s4j model file to write (.safetensors)")
    Path out;
    @Option(names = "--prenorm", description = "the model was trained with example.py's --prenorm (LayerNorm before each layer)")
    boolean prenorm;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter printed = spec.commandLine().getOut();
        if (Files.exists(out)) {
            throw Options.error(spec, "--out " + out + " exists; choose another path or remove it first");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw Options.error(spec, "--out " + out + ": directory " + parent + " does not exist");
        }
        Backbone model = OfficialImport.exampleModel(checkpoint, prenorm);
        Predictor.of(model).save(out);
        var s = model.spec();
        String layer = s.block().kernel() instanceof dev.s4j.ssm.kernel.NplrSpec ? "S4" : "S4D";
        printed.printf("%s: example.py model, %d %s layers, d_in %d, H %d, N %d, d_out %d, %s%n", out, s.layers(), layer, s.inputSize(),
                s.width(), s.block().kernel().stateSize(), s.outputSize(), s.prenorm() ? "pre-norm" : "post-norm");
        printed.flush();
        return 0;
    }
}

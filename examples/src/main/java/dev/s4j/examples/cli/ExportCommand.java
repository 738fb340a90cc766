package dev.s4j.examples.cli;

import dev.s4j.examples.train.ServedModels;
import dev.s4j.interop.OfficialExport;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s4j export}: a saved model in another code's layout. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes a saved model as the state dict of the official S4 code's example.py model (S4Model with S4D or "
            + "full S4Block layers), a safetensors file that the official code loads with "
            + "model.load_state_dict(safetensors.torch.load_file(FILE)) and that then gives s4j's outputs."})
public final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "a run directory (its checkpoint.safetensors), a checkpoint, best.safetensors, "
            + "or a model file")
    Path run;
    @Option(names = "--to", required = true, paramLabel = "LAYOUT", description = "official (the only layout so far)")
    String to;
    @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "the file to write (it must not exist)")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter printed = spec.commandLine().getOut();
        if (!to.equals("official")) {
            throw Options.error(spec, "--to " + to + ": unknown layout; choose official");
        }
        if (out.getFileName() == null || !out.getFileName().toString().endsWith(".safetensors")) {
            throw Options.error(spec, "--out " + out + ": the official state dict is written as a .safetensors file");
        }
        Options.newFile(spec, "--out", out, false);
        Predictor model = ServedModels.load(run, line -> {
            printed.println(line);
            printed.flush();
        });
        BackboneSpec s = model.spec();
        try {
            OfficialExport.exampleModel(s, model.stateDict(), out);
        } catch (IllegalArgumentException e) {
            throw new IOException(run + ": " + e.getMessage(), e);
        }
        boolean full = s.block().kernel() instanceof NplrSpec;
        printed.printf("%s: example.py model, %d %s layers, d_input %d, d_model %d, d_state %d, d_output %d, %s%n", out, s.layers(),
                full ? "S4Block" : "S4D", s.inputSize(), s.width(), s.block().kernel().stateSize(), s.outputSize(),
                s.prenorm() ? "--prenorm" : "post-norm (no --prenorm)");
        printed.printf("in PyTorch, with example.py's S4Model built with these sizes%s:%n"
                + "  model.load_state_dict(safetensors.torch.load_file(\"%s\"))%n",
                full ? " and its layers as models/s4/s4.py's S4Block" : " (S4D layers with this d_state)", out.getFileName());
        printed.flush();
        return 0;
    }
}

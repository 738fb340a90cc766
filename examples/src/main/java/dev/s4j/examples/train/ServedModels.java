package dev.s4j.examples.train;

import dev.s4j.autograd.io.Safetensors;
import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.Tasks;
import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A saved model as a {@link Predictor}, from any file s4j writes. */
public final class ServedModels {
    private ServedModels() {
    }

    /**
     * The model of a run directory (its checkpoint), a checkpoint, best.safetensors or a model
     * file. Files that carry the model's spec load directly; checkpoints written before s4j saved
     * it are rebuilt from the run's config, which loads the task's data ({@code log} reports it).
     */
    public static Predictor load(Path run, Consumer<String> log) throws IOException {
        Path file = Files.isDirectory(run) ? run.resolve("checkpoint.safetensors") : run;
        if (!Files.isRegularFile(file)) {
            throw new IOException(Files.isDirectory(run) ? run + ": no checkpoint.safetensors in this directory (not a run?)"
                    : file + ": no such file");
        }
        if (Safetensors.read(file).metadata().containsKey(Predictor.SPEC_KEY)) {
            return Predictor.load(file);
        }
        Checkpoint.Contents saved = Checkpoint.read(file);
        Task task = Tasks.load(saved.config().task(), log);
        return Predictor.of(saved.restoredModel(task));
    }
}

package dev.s4j.examples.train;

import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.TaskSpec;
import dev.s4j.ssm.kernel.DenseSpec;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.InitConvention;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import java.io.IOException;

/**
 * A model made elsewhere (an imported checkpoint) as a new run directory at step 0: config.json
 * and checkpoint.safetensors with the model's spec and tensors, so that {@code s4j eval},
 * {@code s4j predict} and {@code s4j train --resume} (fine-tuning) take it like a run of s4j's own.
 */
public final class ImportedRun {
    private ImportedRun() {
    }

    /** Why a model of {@code s} cannot be a run of {@code task} (inputs, outputs, pooling), or null when it can. */
    public static String misfit(BackboneSpec s, Task task) {
        if (s.inputSize() == task.features() && s.outputSize() == task.objective().outputSize()
                && s.pooling() == task.objective().pooling()) {
            return null;
        }
        return "the model (" + s.inputSize() + " inputs, " + s.outputSize() + " outputs, "
                + s.pooling().name().toLowerCase(java.util.Locale.ROOT) + " pooling) does not fit task " + task.name() + " ("
                + task.features() + " inputs, " + task.objective().outputSize() + " outputs, "
                + task.objective().pooling().name().toLowerCase(java.util.Locale.ROOT) + " pooling)";
    }

    /**
     * Writes {@code model} as a new run of {@code task} in {@code run} (locked meanwhile).
     *
     * @param taskSpec the task, as the run's config names it ({@code task} is its data)
     * @param optim    how {@code train --resume} fine-tunes it
     * @param seed     the run's seed (shuffles and dropout when fine-tuning)
     * @throws IOException              when {@code run} already holds a run or other files
     * @throws IllegalArgumentException when the model does not fit the task (inputs, outputs, pooling)
     */
    public static TrainConfig write(RunDirectory run, Backbone model, TaskSpec taskSpec, Task task, OptimConfig optim, long seed)
            throws IOException {
        BackboneSpec s = model.spec();
        String misfit = misfit(s, task);
        if (misfit != null) {
            throw new IllegalArgumentException(misfit);
        }
        KernelSpec k = s.block().kernel();
        KernelKind kind = k instanceof NplrSpec ? KernelKind.S4 : k instanceof DiagonalSpec ? KernelKind.S4D : KernelKind.LSSL;
        double ssmLr = k instanceof NplrSpec n ? n.ssmLearningRate() : k instanceof DiagonalSpec d ? d.ssmLearningRate()
                : ((DenseSpec) k).ssmLearningRate();
        InitConvention init = k instanceof NplrSpec n ? n.initConvention() : k instanceof DiagonalSpec d ? d.initConvention()
                : InitConvention.EXACT;
        ModelConfig m = new ModelConfig(kind, s.layers(), s.width(), k.stateSize(), s.block().dropout(), ssmLr, init);
        TrainConfig config = TrainConfig.defaults().withTask(taskSpec).withModel(m).withOptim(optim).withSeed(seed);
        try (RunLock lock = RunLock.acquire(run)) {
            run.checkNewRun();
            run.writeConfig(config, Backend.select("cpu"));
            Checkpoint.write(run.checkpoint(), config, Progress.start(), DataShape.of(task), model,
                    Trainer.optimizer(model, optim));
        }
        return config;
    }
}

package dev.s4j.examples.train;

import dev.s4j.examples.data.TaskName;
import dev.s4j.examples.data.TaskSpec;

/**
 * Everything that determines a training run. Two runs with equal configs and thread counts
 * produce the same numbers.
 *
 * @param task       the task and its data
 * @param model      the model
 * @param optim      the optimization
 * @param seed       seed of the initialization, the shuffles and the dropout masks
 * @param threads    compute threads, or 0 for one per core
 * @param maxMinutes stop training (and save) after this many minutes, or 0 for no limit
 * @param accelerator backend of the heavy stages: {@code auto} (the best usable), {@code cpu}, or a
 *                    backend's name such as {@code opencl} (see {@link Backend}); null means auto
 */
public record TrainConfig(TaskSpec task, ModelConfig model, OptimConfig optim, long seed, int threads, double maxMinutes,
                          String accelerator) {

    public TrainConfig {
        accelerator = accelerator == null || accelerator.isBlank() ? Backend.AUTO : accelerator.trim();
        if (task == null || model == null || optim == null) {
            throw new IllegalArgumentException("training config: task, model and optimization are required");
        }
        if (threads < 0 || !(maxMinutes >= 0)) {
            throw new IllegalArgumentException("training config: threads and minutes must not be negative, got " + threads
                    + " and " + maxMinutes);
        }
    }

    /** The default run: the default model on bundled sequential MNIST. */
    public static TrainConfig defaults() {
        return new TrainConfig(TaskSpec.of(TaskName.SMNIST), ModelConfig.defaults(), OptimConfig.defaults(), 0, 0, 0, Backend.AUTO);
    }

    /** A copy with task replaced. */
    public TrainConfig withTask(TaskSpec v) {
        return new TrainConfig(v, model, optim, seed, threads, maxMinutes, accelerator);
    }

    /** A copy with model replaced. */
    public TrainConfig withModel(ModelConfig v) {
        return new TrainConfig(task, v, optim, seed, threads, maxMinutes, accelerator);
    }

    /** A copy with optim replaced. */
    public TrainConfig withOptim(OptimConfig v) {
        return new TrainConfig(task, model, v, seed, threads, maxMinutes, accelerator);
    }

    /** A copy with seed replaced. */
    public TrainConfig withSeed(long v) {
        return new TrainConfig(task, model, optim, v, threads, maxMinutes, accelerator);
    }

    /** A copy with threads replaced. */
    public TrainConfig withThreads(int v) {
        return new TrainConfig(task, model, optim, seed, v, maxMinutes, accelerator);
    }

    /** A copy with maxMinutes replaced. */
    public TrainConfig withMaxMinutes(double v) {
        return new TrainConfig(task, model, optim, seed, threads, v, accelerator);
    }

    /** A copy with accelerator replaced. */
    public TrainConfig withAccelerator(String v) {
        return new TrainConfig(task, model, optim, seed, threads, maxMinutes, v);
    }
}

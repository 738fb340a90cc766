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
 */
public record TrainConfig(TaskSpec task, ModelConfig model, OptimConfig optim, long seed, int threads, double maxMinutes) {

    public TrainConfig {
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
        return new TrainConfig(TaskSpec.of(TaskName.SMNIST), ModelConfig.defaults(), OptimConfig.defaults(), 0, 0, 0);
    }

    /** A copy with task replaced. */
    public TrainConfig withTask(TaskSpec v) {
        return new TrainConfig(v, model, optim, seed, threads, maxMinutes);
    }

    /** A copy with model replaced. */
    public TrainConfig withModel(ModelConfig v) {
        return new TrainConfig(task, v, optim, seed, threads, maxMinutes);
    }

    /** A copy with optim replaced. */
    public TrainConfig withOptim(OptimConfig v) {
        return new TrainConfig(task, model, v, seed, threads, maxMinutes);
    }

    /** A copy with seed replaced. */
    public TrainConfig withSeed(long v) {
        return new TrainConfig(task, model, optim, v, threads, maxMinutes);
    }

    /** A copy with threads replaced. */
    public TrainConfig withThreads(int v) {
        return new TrainConfig(task, model, optim, seed, v, maxMinutes);
    }

    /** A copy with maxMinutes replaced. */
    public TrainConfig withMaxMinutes(double v) {
        return new TrainConfig(task, model, optim, seed, threads, v);
    }
}

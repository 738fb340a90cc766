package dev.s4j.spark;

import dev.s4j.examples.train.OptimConfig;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import java.nio.file.Path;

/**
 * Everything that determines a data-parallel training run on Spark besides the data. With the
 * same config, data and task count (and s4j threads per task) a run writes the same checkpoint
 * bytes; see {@link S4jEstimator} for how it relates to {@code s4j train}.
 *
 * @param model   the model; it must pool its positions (one output per sequence)
 * @param kind    classifier (cross-entropy on class indices, d_out ≥ 2 classes) or regressor
 *                (mean squared error on d_out values)
 * @param optim   the optimization, as {@code s4j train}'s: AdamW with S4's parameter groups, warmup
 *                then cosine decay, optional clipping; {@code batch} is the global batch (all tasks
 *                together); early stopping is not available (there is no validation split)
 * @param seed    seed of the initialization, the epochs' shuffles and the dropout masks
 * @param tasks   T, the barrier tasks that hold a model replica each (at most the cluster's task
 *                slots; each gets about batch / T examples of every step)
 * @param threads s4j compute threads per executor JVM, or 0 to leave the default (one per core)
 * @param run     the run directory on the driver: config.json, metrics.jsonl, checkpoint.safetensors
 * @param resume  continue the run in {@code run} instead of starting one
 * @param exchange how the replicas sum their gradients: direct TCP connections between the tasks
 *                 (the default) or Spark's allGather
 * @param maxMinutes stop after the first epoch that ends this many minutes after the fit began
 *                   (checkpoint written; resume continues it), or 0 for no limit
 */
public record SparkTrainConfig(BackboneSpec model, ModelKind kind, OptimConfig optim, long seed, int tasks, int threads, Path run,
                               boolean resume, Exchange exchange, double maxMinutes) {

    public SparkTrainConfig {
        if (model == null || kind == null || optim == null || run == null || exchange == null) {
            throw new IllegalArgumentException("Spark training: model, kind, optimization, run directory and exchange are required");
        }
        if (model.pooling() == Pooling.NONE) {
            throw new IllegalArgumentException("Spark training: the model must pool its positions (one output per sequence);"
                    + " this one has pooling NONE");
        }
        if (kind == ModelKind.CLASSIFIER && model.outputSize() < 2) {
            throw new IllegalArgumentException("Spark training: a classifier needs at least 2 outputs (classes), the model has "
                    + model.outputSize());
        }
        if (optim.earlyStop() != 0) {
            throw new IllegalArgumentException("Spark training: early stopping needs a validation split, which Spark training"
                    + " does not take; set earlyStop to 0");
        }
        if (tasks < 1 || tasks > optim.batch()) {
            throw new IllegalArgumentException("Spark training: tasks must be in [1, batch " + optim.batch() + "], got " + tasks);
        }
        if (threads < 0 || !(maxMinutes >= 0)) {
            throw new IllegalArgumentException("Spark training: threads and minutes must not be negative, got " + threads + " and "
                    + maxMinutes);
        }
    }

    /** A new run of {@code model} in {@code run}: s4j train's optimization defaults, seed 0, 2 tasks, default threads. */
    public static SparkTrainConfig of(BackboneSpec model, ModelKind kind, Path run) {
        return new SparkTrainConfig(model, kind, OptimConfig.defaults(), 0, 2, 0, run, false, Exchange.DIRECT, 0);
    }

    /** A copy with optim replaced. */
    public SparkTrainConfig withOptim(OptimConfig v) {
        return new SparkTrainConfig(model, kind, v, seed, tasks, threads, run, resume, exchange, maxMinutes);
    }

    /** A copy with seed replaced. */
    public SparkTrainConfig withSeed(long v) {
        return new SparkTrainConfig(model, kind, optim, v, tasks, threads, run, resume, exchange, maxMinutes);
    }

    /** A copy with tasks replaced. */
    public SparkTrainConfig withTasks(int v) {
        return new SparkTrainConfig(model, kind, optim, seed, v, threads, run, resume, exchange, maxMinutes);
    }

    /** A copy with threads replaced. */
    public SparkTrainConfig withThreads(int v) {
        return new SparkTrainConfig(model, kind, optim, seed, tasks, v, run, resume, exchange, maxMinutes);
    }

    /** A copy with run replaced. */
    public SparkTrainConfig withRun(Path v) {
        return new SparkTrainConfig(model, kind, optim, seed, tasks, threads, v, resume, exchange, maxMinutes);
    }

    /** A copy with resume replaced. */
    public SparkTrainConfig withResume(boolean v) {
        return new SparkTrainConfig(model, kind, optim, seed, tasks, threads, run, v, exchange, maxMinutes);
    }

    /** A copy with maxMinutes replaced. */
    public SparkTrainConfig withMaxMinutes(double v) {
        return new SparkTrainConfig(model, kind, optim, seed, tasks, threads, run, resume, exchange, v);
    }

    /** A copy with exchange replaced. */
    public SparkTrainConfig withExchange(Exchange v) {
        return new SparkTrainConfig(model, kind, optim, seed, tasks, threads, run, resume, v, maxMinutes);
    }
}

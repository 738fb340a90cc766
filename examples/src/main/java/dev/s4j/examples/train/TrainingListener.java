package dev.s4j.examples.train;

import dev.s4j.examples.data.Task;

/** Receives what a {@link Trainer} does, for display or logging. Every method does nothing by default. */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener SILENT = new TrainingListener() { };

    /** Training starts (or resumes) with {@code progress}, {@code elapsedSeconds} of training already done. */
    default void started(Task task, TrainConfig config, long parameters, Progress progress, double elapsedSeconds) {
    }

    /** Epoch {@code epoch} (1-based) of {@code batches} steps starts, {@code done} of them already taken. */
    default void epochStarted(int epoch, int batches, int done) {
    }

    /**
     * A step finished.
     *
     * @param stepInEpoch      steps of this epoch done, this one included
     * @param loss             mean training loss of the epoch so far
     * @param acc              mean training accuracy of the epoch so far, or null
     * @param samplesPerSecond training throughput of this epoch
     */
    default void stepped(int stepInEpoch, double loss, Double acc, double samplesPerSecond) {
    }

    /** An evaluation of {@code split} starts. */
    default void evaluating(String split) {
    }

    /** An epoch ended and was validated. */
    default void epochFinished(EpochSummary summary) {
    }

    /** Training stopped before the last epoch (time budget, a stop condition, or no better validation score). */
    default void stopped(String reason) {
    }

    /** Training was interrupted: a checkpoint at {@code progress} is saved in {@code run}; no test evaluation follows. */
    default void interrupted(String reason, Progress progress, RunDirectory run) {
    }

    /** The run ended with its test evaluation; its files are in {@code run}. */
    default void finished(EvalRecord test, RunDirectory run) {
    }
}

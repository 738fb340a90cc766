package dev.s4j.spark;

import dev.s4j.examples.train.EvalRecord;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What one {@link S4jEstimator#fit} did.
 *
 * @param run       the run directory
 * @param firstStep the global step of the first loss in {@code losses} (0 unless resumed)
 * @param losses    the global batch's loss at every step this fit took, in order (the same
 *                  numbers {@code s4j train} computes for its steps)
 * @param epochs    the run's training lines of metrics.jsonl, resumed epochs included
 * @param computeSeconds  task 0's time in forward, backward and optimizer steps during this fit
 * @param exchangeSeconds task 0's time exchanging gradients (waiting for the other tasks, the transfers and the sum) during this fit
 * @param stopped   why training stopped before its last epoch (the time budget), or null
 */
public record TrainingSummary(Path run, long firstStep, double[] losses, List<EvalRecord> epochs, double computeSeconds,
                              double exchangeSeconds, String stopped) {

    @Override
    public String toString() {
        return "TrainingSummary[run=" + run + ", firstStep=" + firstStep + ", losses=" + Arrays.toString(losses) + ", epochs="
                + epochs.size() + ", computeSeconds=" + computeSeconds + ", exchangeSeconds=" + exchangeSeconds + ", stopped="
                + stopped + "]";
    }
}

package dev.s4j.examples.train;

/**
 * What one epoch did.
 *
 * @param epoch     1-based epoch number
 * @param trainLoss mean training loss over the epoch's steps
 * @param trainAcc  mean training accuracy, or null for regression
 * @param val       the validation evaluation at its end
 * @param seconds   wall time of the epoch's training steps
 */
public record EpochSummary(int epoch, double trainLoss, Double trainAcc, EvalRecord val, double seconds) {
}

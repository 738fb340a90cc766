package dev.s4j.spark;

import java.io.Serializable;

/**
 * What a replica reports after an epoch.
 *
 * @param task    its task index
 * @param digest  {@link Replica#digest} of its model: all replicas must agree
 * @param losses  the global batch's loss of every step of the epoch
 * @param scored  examples scored per step (all tasks together)
 * @param correct examples classified right per step
 * @param computeSeconds  task's wall time in forward, backward and optimizer steps
 * @param exchangeSeconds task's wall time exchanging and summing gradients (waiting for the other tasks included)
 * @param state   the model and optimizer state after the epoch, as {@link TrainingState} bytes
 *                (task 0 only; null from the others)
 */
record EpochResult(int task, long digest, double[] losses, long[] scored, long[] correct, double computeSeconds,
                          double exchangeSeconds, byte[] state) implements Serializable {
}

package dev.s4j.examples.train;

import java.util.ArrayList;
import java.util.List;

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

    /** The epochs of a metrics history: each "train" line with the "val" line of the same epoch. */
    public static List<EpochSummary> of(List<EvalRecord> history) {
        List<EpochSummary> out = new ArrayList<>();
        for (EvalRecord train : history) {
            if (!train.split().equals("train")) {
                continue;
            }
            history.stream().filter(r -> r.split().equals("val") && r.epoch() == train.epoch()).findFirst()
                    .ifPresent(val -> out.add(new EpochSummary(train.epoch(), train.loss(), train.acc(), val,
                            train.epochSeconds() == null ? 0 : train.epochSeconds())));
        }
        return out;
    }
}

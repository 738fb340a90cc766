package dev.s4j.examples.train;

import java.util.List;

/**
 * Where a run stands; saved in every checkpoint so that a resumed run continues exactly.
 *
 * @param epoch          epochs completed
 * @param stepInEpoch    steps of the current epoch already taken
 * @param step           optimizer steps taken in all
 * @param elapsedSeconds training time so far
 * @param trainLossSum   sum of the current epoch's step losses so far
 * @param trainCorrect   correct training predictions in the current epoch so far
 * @param trainCount     scored training predictions in the current epoch so far
 * @param finished       whether every epoch and the test evaluation are done
 * @param epochs         summaries of the completed epochs
 * @param evaluations    every evaluation so far (the content of metrics.jsonl)
 */
public record Progress(int epoch, int stepInEpoch, long step, double elapsedSeconds, double trainLossSum, long trainCorrect,
                       long trainCount, boolean finished, List<EpochSummary> epochs, List<EvalRecord> evaluations) {

    public Progress {
        epochs = List.copyOf(epochs);
        evaluations = List.copyOf(evaluations);
    }

    /** The state before the first step. */
    public static Progress start() {
        return new Progress(0, 0, 0, 0, 0, 0, 0, false, List.of(), List.of());
    }
}

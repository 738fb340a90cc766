package dev.s4j.examples.train;

/**
 * Where a run stands; saved in every checkpoint so that a resumed run continues exactly. It holds
 * no wall-clock time (that is in metrics.jsonl), so the same command writes the same checkpoint
 * bytes.
 *
 * @param epoch        epochs completed
 * @param stepInEpoch  steps of the current epoch already taken
 * @param step         optimizer steps taken in all
 * @param trainLossSum sum of the current epoch's step losses so far
 * @param trainCorrect correct training predictions in the current epoch so far
 * @param trainCount   scored training predictions in the current epoch so far
 * @param finished     whether training is over (every epoch, or stopped early for lack of
 *                     progress) and the test evaluation done
 * @param best         the best validation score so far (accuracy, or loss for regression), or null
 * @param bestEpoch    the epoch that reached it (0 before any validation)
 * @param staleEpochs  epochs since the last better validation score
 */
public record Progress(int epoch, int stepInEpoch, long step, double trainLossSum, long trainCorrect, long trainCount,
                       boolean finished, Double best, int bestEpoch, int staleEpochs) {

    /** The state before the first step. */
    public static Progress start() {
        return new Progress(0, 0, 0, 0, 0, 0, false, null, 0, 0);
    }

    /** Epochs begun: those completed, and the current one if a step of it was taken. */
    public int epochsBegun() {
        return epoch + (stepInEpoch > 0 ? 1 : 0);
    }

    /** After one more step of the current epoch with loss {@code loss} and {@code correct} of {@code scored} right. */
    Progress stepped(double loss, long scored, long correct) {
        return new Progress(epoch, stepInEpoch + 1, step + 1, trainLossSum + loss, trainCorrect + correct, trainCount + scored,
                false, best, bestEpoch, staleEpochs);
    }

    /** After the current epoch ended with validation score {@code score} ({@code better} if it beat the best). */
    Progress epochEnded(double score, boolean better) {
        return new Progress(epoch + 1, 0, step, 0, 0, 0, false, better ? Double.valueOf(score) : best,
                better ? epoch + 1 : bestEpoch, better ? 0 : staleEpochs + 1);
    }

    /** A finished run opened for more epochs: not finished, and no epochs without progress counted yet. */
    Progress reopened() {
        return new Progress(epoch, stepInEpoch, step, trainLossSum, trainCorrect, trainCount, false, best, bestEpoch, 0);
    }

    /** With {@code finished} set. */
    Progress withFinished(boolean v) {
        return new Progress(epoch, stepInEpoch, step, trainLossSum, trainCorrect, trainCount, v, best, bestEpoch, staleEpochs);
    }
}

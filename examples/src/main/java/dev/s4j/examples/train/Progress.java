package dev.s4j.examples.train;

/**
 * Where a run stands; saved in every checkpoint so that a resumed run continues exactly. It holds
 * no wall-clock time (that is in metrics.jsonl), so the same command writes the same checkpoint
 * bytes. Each training event changes one or two of its parts and carries the others over.
 *
 * @param at         how far training has gone
 * @param epochSoFar the current epoch's training loss and accuracy counts so far
 * @param validation the best validation score and how long ago it was reached
 * @param finished   whether training is over (every epoch, or stopped early for lack of
 *                   progress) and the test evaluation done
 */
public record Progress(Position at, EpochTally epochSoFar, Validation validation, boolean finished) {

    /**
     * How far training has gone.
     *
     * @param epoch       epochs completed
     * @param stepInEpoch steps of the current epoch already taken
     * @param step        optimizer steps taken in all
     */
    public record Position(int epoch, int stepInEpoch, long step) {
        Position nextStep() {
            return new Position(epoch, stepInEpoch + 1, step + 1);
        }

        Position nextEpoch() {
            return new Position(epoch + 1, 0, step);
        }
    }

    /**
     * The current epoch's training results so far.
     *
     * @param lossSum sum of the step losses
     * @param correct correct predictions
     * @param scored  scored predictions (0 for tasks without accuracy)
     */
    public record EpochTally(double lossSum, long correct, long scored) {
        static final EpochTally EMPTY = new EpochTally(0, 0, 0);

        EpochTally plus(double loss, long scoredNow, long correctNow) {
            return new EpochTally(lossSum + loss, correct + correctNow, scored + scoredNow);
        }
    }

    /**
     * The validation record of the run.
     *
     * @param best        the best validation score so far (accuracy, or loss for regression), or null
     * @param bestEpoch   the epoch that reached it (0 before any validation)
     * @param staleEpochs epochs since the last better validation score
     */
    public record Validation(Double best, int bestEpoch, int staleEpochs) {
        static final Validation NONE = new Validation(null, 0, 0);

        Validation after(int epoch, double score, boolean better) {
            return better ? new Validation(score, epoch, 0) : new Validation(best, bestEpoch, staleEpochs + 1);
        }

        Validation withoutStaleEpochs() {
            return new Validation(best, bestEpoch, 0);
        }
    }

    /** The state before the first step. */
    public static Progress start() {
        return new Progress(new Position(0, 0, 0), EpochTally.EMPTY, Validation.NONE, false);
    }

    /** Epochs completed. */
    public int epoch() {
        return at.epoch();
    }

    /** Steps of the current epoch already taken. */
    public int stepInEpoch() {
        return at.stepInEpoch();
    }

    /** Optimizer steps taken in all. */
    public long step() {
        return at.step();
    }

    /** Epochs begun: those completed, and the current one if a step of it was taken. */
    public int epochsBegun() {
        return at.epoch() + (at.stepInEpoch() > 0 ? 1 : 0);
    }

    /** After one more step of the current epoch with loss {@code loss} and {@code correct} of {@code scored} right. */
    Progress stepped(double loss, long scored, long correct) {
        return new Progress(at.nextStep(), epochSoFar.plus(loss, scored, correct), validation, false);
    }

    /** After the current epoch ended with validation score {@code score} ({@code better} if it beat the best). */
    Progress epochEnded(double score, boolean better) {
        return new Progress(at.nextEpoch(), EpochTally.EMPTY, validation.after(at.epoch() + 1, score, better), false);
    }

    /** A finished run opened for more epochs: not finished, and no epochs without progress counted yet. */
    Progress reopened() {
        return new Progress(at, epochSoFar, validation.withoutStaleEpochs(), false);
    }

    /** With {@code finished} set. */
    Progress withFinished(boolean v) {
        return new Progress(at, epochSoFar, validation, v);
    }

    /** The flat form in a checkpoint's metadata: the same ten JSON fields every s4j checkpoint has. */
    Saved saved() {
        return new Saved(at.epoch(), at.stepInEpoch(), at.step(), epochSoFar.lossSum(), epochSoFar.correct(),
                epochSoFar.scored(), finished, validation.best(), validation.bestEpoch(), validation.staleEpochs());
    }

    /** The JSON layout of {@link Progress} in checkpoint metadata (field names are the file format). */
    record Saved(int epoch, int stepInEpoch, long step, double trainLossSum, long trainCorrect, long trainCount,
                 boolean finished, Double best, int bestEpoch, int staleEpochs) {
        Progress progress() {
            return new Progress(new Position(epoch, stepInEpoch, step), new EpochTally(trainLossSum, trainCorrect, trainCount),
                    new Validation(best, bestEpoch, staleEpochs), finished);
        }
    }
}

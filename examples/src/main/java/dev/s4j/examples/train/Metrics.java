package dev.s4j.examples.train;

/** Running totals over batches: the mean loss per example and, for classification, the accuracy. */
final class Metrics {
    private final boolean classification;
    private double lossSum;
    private long examples;
    private long correct;
    private long scored;

    /** Totals for a classification task (with accuracy) or a regression (without). */
    Metrics(boolean classification) {
        this.classification = classification;
    }

    /** Adds a batch of {@code size} examples with mean loss {@code loss} and its counts {scored, correct}. */
    void add(double loss, int size, long[] counts) {
        lossSum += loss * size;
        examples += size;
        scored += counts[0];
        correct += counts[1];
    }

    /** Mean loss per example. */
    double loss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /** Accuracy, or null for a regression or before any batch. */
    Double accuracy() {
        return classification && scored > 0 ? (double) correct / scored : null;
    }
}

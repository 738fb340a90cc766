package dev.s4j.spark;

import java.util.Locale;

/** What a sequence model's outputs mean, and so which columns {@link S4jModel} adds. */
public enum ModelKind {
    /**
     * d_out ≥ 2 class scores (logits) per sequence: the prediction is the index of the largest,
     * with the logits as the raw prediction and their softmax as the probabilities.
     */
    CLASSIFIER,
    /** d_out real values per sequence: the prediction is the value (d_out = 1) or the vector of values. */
    REGRESSOR;

    /** The name in saved models: "classifier" or "regressor". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind called {@code id}; the error names the valid ones. */
    public static ModelKind parse(String id) {
        for (ModelKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model kind '" + id + "'; expected classifier or regressor");
    }
}

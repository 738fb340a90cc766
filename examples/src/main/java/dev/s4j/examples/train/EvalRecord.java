package dev.s4j.examples.train;

import com.google.gson.annotations.SerializedName;

/**
 * One evaluation, as a line of {@code metrics.jsonl}:
 * {@code {"epoch":…, "step":…, "split":"val"|"test", "loss":…, "acc":…, "elapsed_s":…}}.
 *
 * @param epoch          epochs completed when evaluated
 * @param step           optimizer steps taken
 * @param split          "val" or "test"
 * @param loss           mean loss (cross-entropy, or mean squared error for regression)
 * @param acc            accuracy, or null for regression tasks
 * @param elapsedSeconds training time so far, evaluations included
 */
public record EvalRecord(int epoch, long step, String split, double loss, Double acc,
                         @SerializedName("elapsed_s") double elapsedSeconds) {
}

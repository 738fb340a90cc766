package dev.s4j.examples.train;

import com.google.gson.annotations.SerializedName;

/**
 * One line of {@code metrics.jsonl}: an epoch's training or an evaluation.
 * <pre>
 *   {"epoch":…,"step":…,"split":"train","loss":…,"acc":…,"lr":…,"epoch_s":…,"samples_per_s":…,"elapsed_s":…}
 *   {"epoch":…,"step":…,"split":"val"|"test","loss":…,"acc":…,"elapsed_s":…}
 * </pre>
 * Generative tasks have no accuracy and add {@code "bits_per_value"}: the loss in bits per
 * predicted value (bits per pixel for mnist-gen).
 *
 * @param epoch            epochs completed when recorded
 * @param step             optimizer steps taken
 * @param split            "train" (the epoch's running means), "val" or "test"
 * @param loss             mean loss (cross-entropy, or mean squared error for regression)
 * @param acc              accuracy, or null for regression and generative tasks
 * @param bitsPerValue     the loss in bits per predicted value, for generative tasks; else null
 * @param lr               learning rate of the epoch's last step (train lines only)
 * @param epochSeconds     wall time of the epoch's training steps (train lines only)
 * @param samplesPerSecond training throughput of the epoch (train lines only)
 * @param elapsedSeconds   training time so far, evaluations included
 */
public record EvalRecord(int epoch, long step, String split, double loss, Double acc,
                         @SerializedName("bits_per_value") Double bitsPerValue, Double lr,
                         @SerializedName("epoch_s") Double epochSeconds,
                         @SerializedName("samples_per_s") Double samplesPerSecond,
                         @SerializedName("elapsed_s") double elapsedSeconds) {

    /** An evaluation of {@code split} ("val" or "test"). */
    public static EvalRecord evaluation(int epoch, long step, String split, double loss, Double acc, Double bitsPerValue,
                                        double elapsedSeconds) {
        return new EvalRecord(epoch, step, split, loss, acc, bitsPerValue, null, null, null, elapsedSeconds);
    }

    /** An epoch's training. */
    public static EvalRecord training(int epoch, long step, double loss, Double acc, Double bitsPerValue, double lr, double epochSeconds,
                                      double samplesPerSecond, double elapsedSeconds) {
        return new EvalRecord(epoch, step, "train", loss, acc, bitsPerValue, lr, epochSeconds, samplesPerSecond, elapsedSeconds);
    }
}

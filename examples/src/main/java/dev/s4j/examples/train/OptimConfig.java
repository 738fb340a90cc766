package dev.s4j.examples.train;

/**
 * Optimization: AdamW with the S4 parameter groups, linear warmup then cosine decay to zero.
 *
 * @param epochs      passes over the training split
 * @param batch       examples per step
 * @param lr          peak learning rate of the non-SSM parameters
 * @param weightDecay decoupled weight decay of the non-SSM parameters
 * @param warmup      fraction of all steps spent warming up
 * @param clip        global gradient-norm limit, or 0 for none
 * @param earlyStop   stop after this many epochs without a better validation score, or 0 never
 */
public record OptimConfig(int epochs, int batch, double lr, double weightDecay, double warmup, double clip, int earlyStop) {

    public OptimConfig {
        if (epochs < 1 || batch < 1 || earlyStop < 0) {
            throw new IllegalArgumentException("optimization: epochs and batch size must be positive and early-stop patience not"
                    + " negative, got " + epochs + ", " + batch + " and " + earlyStop);
        }
        if (!(lr > 0) || !(weightDecay >= 0) || !(warmup >= 0 && warmup < 1) || !(clip >= 0) || !Double.isFinite(lr)
                || !Double.isFinite(weightDecay) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("optimization: need finite lr > 0, weight decay ≥ 0, warmup in [0, 1), clip ≥ 0; got "
                    + lr + ", " + weightDecay + ", " + warmup + ", " + clip);
        }
    }

    /** Defaults: 5 epochs of batch 32, lr 0.01, weight decay 0.01, 5 % warmup, no clipping. */
    public static OptimConfig defaults() {
        return new OptimConfig(5, 32, 0.01, 0.01, 0.05, 0, 0);
    }

    /** A copy with epochs replaced. */
    public OptimConfig withEpochs(int v) {
        return new OptimConfig(v, batch, lr, weightDecay, warmup, clip, earlyStop);
    }

    /** A copy with batch replaced. */
    public OptimConfig withBatch(int v) {
        return new OptimConfig(epochs, v, lr, weightDecay, warmup, clip, earlyStop);
    }

    /** A copy with lr replaced. */
    public OptimConfig withLr(double v) {
        return new OptimConfig(epochs, batch, v, weightDecay, warmup, clip, earlyStop);
    }

    /** A copy with weightDecay replaced. */
    public OptimConfig withWeightDecay(double v) {
        return new OptimConfig(epochs, batch, lr, v, warmup, clip, earlyStop);
    }

    /** A copy with warmup replaced. */
    public OptimConfig withWarmup(double v) {
        return new OptimConfig(epochs, batch, lr, weightDecay, v, clip, earlyStop);
    }

    /** A copy with clip replaced. */
    public OptimConfig withClip(double v) {
        return new OptimConfig(epochs, batch, lr, weightDecay, warmup, v, earlyStop);
    }

    /** A copy with earlyStop replaced. */
    public OptimConfig withEarlyStop(int v) {
        return new OptimConfig(epochs, batch, lr, weightDecay, warmup, clip, v);
    }
}

package dev.s4j.ssm.model;

import dev.s4j.ssm.kernel.RecurrentState;

/**
 * Everything one group of B sequences carries between positions of a {@link StepPlan}: each
 * layer's SSM state, the running sum of the mean pooling and the number of positions taken, and
 * preallocated work space (nothing is allocated per step). Mutable; used by one thread at a time.
 */
public final class StepState {
    final int batch;
    final RecurrentState[] layers;
    final double[] hidden;
    final double[] normed;
    final double[] blockOut;
    final double[] pooled;
    final double[] sum;
    final double[] input;
    final double[] work;
    final float[] work32;
    long steps;

    StepState(StepPlan plan, int batch) {
        this.batch = batch;
        int h = plan.spec().width();
        this.layers = new RecurrentState[plan.layers()];
        int work = 0;
        int work32 = plan.workSize32(batch);
        for (int i = 0; i < layers.length; i++) {
            layers[i] = plan.block(i).recurrence().zeroState(batch);
            work = Math.max(work, plan.block(i).workSize(batch));
            work32 = Math.max(work32, plan.block(i).workSize32(batch));
        }
        this.hidden = new double[batch * h];
        this.normed = new double[batch * h];
        this.blockOut = new double[batch * h];
        this.pooled = new double[batch * h];
        this.sum = new double[batch * h];
        this.input = new double[batch * plan.spec().inputSize()];
        this.work = new double[work];
        this.work32 = new float[work32];
    }

    /** B. */
    public int batch() {
        return batch;
    }

    /** Positions taken since the last reset. */
    public long steps() {
        return steps;
    }

    /** Number of layers. */
    public int layerCount() {
        return layers.length;
    }

    /** Sets the number of positions taken (when a state is restored). */
    public void setSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("step state: negative position " + steps);
        }
        this.steps = steps;
    }

    /** The SSM state of layer {@code i} (B, H, N), shared, not copied. */
    public RecurrentState layer(int i) {
        return layers[i];
    }

    /** The running sum of the last layer's features over the positions taken (B, H), used by mean pooling; shared. */
    public double[] poolingSum() {
        return sum;
    }

    /** Zeroes everything: the next step starts new sequences. */
    public void reset() {
        for (RecurrentState s : layers) {
            s.reset();
        }
        java.util.Arrays.fill(sum, 0);
        steps = 0;
    }

    /** Makes this state equal to {@code other} (same plan shape and batch). */
    public void set(StepState other) {
        if (other.batch != batch || other.layers.length != layers.length) {
            throw new IllegalArgumentException("step state: cannot copy a state of batch " + other.batch + " and "
                    + other.layers.length + " layers into one of batch " + batch + " and " + layers.length);
        }
        for (int i = 0; i < layers.length; i++) {
            layers[i].set(other.layers[i]);
        }
        System.arraycopy(other.sum, 0, sum, 0, sum.length);
        steps = other.steps;
    }
}

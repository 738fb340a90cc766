package dev.s4j.ssm.layer;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.kernel.RecurrentState;

/**
 * Streaming inference through an {@link S4Block}: {@code step(u_t (B, H)) → (B, H)}, the same
 * function as the block's convolutional forward pass (in evaluation: no dropout), carrying the
 * SSM state between calls (S4 §3.3). The recurrence is rebuilt automatically whenever the block's
 * kernel parameters have changed since the last step, so stepping stays correct during or after
 * training; {@link #reset()} starts a new sequence. The block is not switched to evaluation mode;
 * the step is always the evaluation function. Not thread-safe.
 */
public final class BlockStepper {
    private final S4Block block;
    private final int batch;
    private BlockPlan plan;
    private long version;
    private RecurrentState state;
    private double[] work = new double[0];
    private float[] work32 = new float[0];
    private double rate = 1;

    BlockStepper(S4Block block, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("stepper: batch must be positive, got " + batch);
        }
        this.block = block;
        this.batch = batch;
        rebuild();
        this.state = plan.recurrence().zeroState(batch);
    }

    private void rebuild() {
        plan = BlockPlan.of(block, rate);
        version = block.version();                                      // after: a never-used S4 kernel ties its length on the way
        work = new double[plan.workSize(batch)];
        work32 = new float[plan.workSize32(batch)];
    }

    /** Uses a sampling rate ρ (every Δ scaled by ρ) from the next step on. */
    public void setRate(double rate) {
        this.rate = rate;
        rebuild();
    }

    /** Zeroes the state: the next step starts a new sequence. */
    public void reset() {
        state.reset();
    }

    /** The current SSM state (B, H, N), shared, not copied. */
    public RecurrentState state() {
        return state;
    }

    /** Continues from {@code s} (for example the state returned by a chunked convolution). */
    public void setState(RecurrentState s) {
        if (s.batch() != batch) {
            throw new IllegalArgumentException("stepper: state has batch " + s.batch() + ", this stepper " + batch);
        }
        this.state = s.copy();
    }

    /** One position: u (B, H) → (B, H). */
    public Tensor step(Tensor u) {
        int h = block.width();
        if (u.rank() != 2 || u.size(0) != batch || u.size(1) != h) {
            throw new IllegalArgumentException("stepper: input must be (" + batch + ", " + h + "), got " + Shape.format(u.shape()));
        }
        if (block.version() != version) {
            rebuild();
        }
        double[] out = new double[batch * h];
        plan.step(u.toDoubleArray(), state, out, work, work32);
        try (var off = Grad.disabled()) {
            return Tensor.of(out, batch, h).to(u.dtype());
        }
    }
}

package dev.s4j.ssm.model;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;

/**
 * Runs a {@link Backbone} one position at a time: {@code step(x_t (B, d_in))} returns what the
 * convolutional forward pass returns in evaluation for the sequence so far — the output at this
 * position without pooling, the running mean's decoding with mean pooling, the current position's
 * with last-position pooling. The model's training mode is left alone; the step follows the
 * model's current parameters (its {@link StepPlan} is rebuilt when they change). Not
 * thread-safe: for many concurrent streams over a fixed model use a shared {@link StepPlan} with
 * one {@link StepState} per stream.
 */
public final class BackboneStepper {
    private final Backbone model;
    private final int batch;
    private StepPlan plan;
    private StepState state;
    private long version;

    BackboneStepper(Backbone model, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("stepper: batch must be positive, got " + batch);
        }
        this.model = model;
        this.batch = batch;
        this.plan = StepPlan.of(model);
        this.version = model.version();                                 // after: a never-used S4 kernel ties its length on the way
        this.state = plan.newState(batch);
    }

    /** Starts new sequences. */
    public void reset() {
        state.reset();
    }

    /** One position: x (B, d_in) → (B, d_out). */
    public Tensor step(Tensor x) {
        BackboneSpec spec = model.spec();
        if (x.rank() != 2 || x.size(0) != batch || x.size(1) != spec.inputSize()) {
            throw new IllegalArgumentException("stepper: input must be (" + batch + ", " + spec.inputSize() + "), got "
                    + Shape.format(x.shape()));
        }
        if (model.version() != version) {
            StepPlan fresh = StepPlan.of(model);
            version = model.version();
            StepState carried = fresh.newState(batch);
            carried.set(state);
            plan = fresh;
            state = carried;
        }
        double[] out = new double[batch * spec.outputSize()];
        plan.step(x.toDoubleArray(), state, out);
        try (var off = Grad.disabled()) {
            return Tensor.of(out, batch, spec.outputSize()).to(x.dtype());
        }
    }
}

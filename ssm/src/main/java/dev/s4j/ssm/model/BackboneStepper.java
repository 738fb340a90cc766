package dev.s4j.ssm.model;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.layer.BlockStepper;
import dev.s4j.ssm.layer.S4Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Backbone} one position at a time: {@code step(x_t (B, d_in))} returns what the
 * convolutional forward pass returns for the sequence so far — the output at this position
 * without pooling, the running mean's decoding with mean pooling, the current position's with
 * last-position pooling. Puts the model in evaluation mode; every block's recurrence follows its
 * current parameters. Not thread-safe.
 */
public final class BackboneStepper {
    private final Backbone model;
    private final int batch;
    private final List<BlockStepper> steppers = new ArrayList<>();
    private Tensor sum;
    private int steps;

    BackboneStepper(Backbone model, int batch) {
        this.model = model;
        this.batch = batch;
        model.eval();
        for (S4Block b : model.blocks()) {
            steppers.add(b.stepper(batch));
        }
    }

    /** Starts new sequences. */
    public void reset() {
        steppers.forEach(BlockStepper::reset);
        sum = null;
        steps = 0;
    }

    /** One position: x (B, d_in) → (B, d_out). */
    public Tensor step(Tensor x) {
        BackboneSpec spec = model.spec();
        if (x.rank() != 2 || x.size(0) != batch || x.size(1) != spec.inputSize()) {
            throw new IllegalArgumentException("stepper: input must be (" + batch + ", " + spec.inputSize() + "), got "
                    + Shape.format(x.shape()));
        }
        try (var off = Grad.disabled()) {
            Tensor h = model.encoder().forward(x);                      // (B, H)
            for (int i = 0; i < steppers.size(); i++) {
                h = model.residual(i, h, steppers.get(i)::step);
            }
            steps++;
            if (spec.pooling() == Pooling.MEAN) {
                sum = sum == null ? h : sum.add(h);
                h = sum.div(steps);
            }
            return model.decoder().forward(h);
        }
    }
}

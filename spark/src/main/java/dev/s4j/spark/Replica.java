package dev.s4j.spark;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Dropout;
import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.examples.data.Objective;
import dev.s4j.examples.data.Seeds;
import dev.s4j.examples.data.Targets;
import dev.s4j.examples.train.Models;
import dev.s4j.optim.Adam;
import dev.s4j.optim.GradClip;
import dev.s4j.optim.LrSchedule;
import dev.s4j.optim.Optimizer;
import dev.s4j.optim.ParamGroups;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One task's copy of the model and optimizer. A step is split in two around the exchange of
 * gradients: {@link #backward} computes this shard's part of the global batch's gradient, and,
 * once every replica's parts are summed into the parameters' gradients, {@link #update} applies
 * the optimizer step, identical on every replica.
 *
 * <p>The arithmetic is {@code s4j train}'s (its {@code Trainer.step}): the same initialization
 * from the seed, AdamW over S4's parameter groups, warmup then cosine decay over the run's steps,
 * clipping by the global norm, and the loss of a step is the mean over the global batch. Shard k
 * backpropagates its mean loss times n_k / b_s, so the per-example gradients are those of the
 * global mean, and their sum over the shards is the global batch's gradient. Dropout masks are
 * drawn from the same per-step seeds, and each shard first skips the draws of the examples
 * before it in the global batch (every dropout of a {@link Backbone} sees (B, H, L), batch first),
 * so that a shard gets the masks its examples get in one process; with sequences of one length
 * the masks are identical. Batch norm would see shard statistics instead: use layer norm (the default).
 */
final class Replica {
    private final ReplicaSetup setup;
    private final BackboneSpec spec;
    private final Backbone model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final Objective objective;
    private final List<Dropout> dropouts = new ArrayList<>();

    /** A replica with the given model and optimizer state (an optimizer state without a step starts fresh). */
    Replica(ReplicaSetup setup, Map<String, Tensor> modelState, Map<String, Tensor> optimizerState) {
        this.setup = setup;
        this.spec = setup.backbone();
        this.model = Models.build(spec, setup.seed());
        model.loadStateDict(modelState, true);
        model.train();
        this.optimizer = Adam.adamW(ParamGroups.fromHints(model, setup.lr(), setup.weightDecay()));
        if (optimizerState.containsKey("step")) {
            optimizer.loadStateDict(optimizerState);
        }
        this.schedule = setup.schedule();
        this.objective = setup.kind() == ModelKind.CLASSIFIER ? Objective.Classification.perSequence(spec.outputSize())
                : new Objective.Regression(spec.outputSize(), false);
        for (Module m : model.modules()) {
            if (m instanceof Dropout d && d.probability() > 0) {
                dropouts.add(d);
            }
        }
    }

    /** A fresh replica: the model as {@code s4j train} initializes it from the seed, a new optimizer. */
    static Replica fresh(ReplicaSetup setup) {
        return new Replica(setup, Models.build(setup.backbone(), setup.seed()).stateDict(), Map.of());
    }

    /** The parameters in the optimizer's order: the order of the exchanged gradients. */
    List<Parameter> parameters() {
        return optimizer.parameters();
    }

    /** Optimizer steps taken. */
    long steps() {
        return optimizer.steps();
    }

    /**
     * Forward and backward of this shard at global step {@code step}: leaves n_k / b_s times the
     * gradient of the shard's mean loss in every parameter's gradient, and returns that share of
     * the global batch's loss with the shard's scored and correct counts. An empty shard (a last
     * batch smaller than the task count) contributes zero gradients.
     */
    StepShare backward(long step, Shard shard) {
        int l = 0;
        boolean ragged = false;
        for (float[][] x : shard.inputs()) {
            ragged |= l != 0 && x.length != l;
            l = Math.max(l, x.length);
        }
        for (int i = 0; i < dropouts.size(); i++) {
            dropouts.get(i).reseed(Seeds.derive(setup.seed(), 3, step, i));
            skipMasks(dropouts.get(i), shard.offset(), l);
        }
        schedule.apply(optimizer, step);
        optimizer.zeroGrad();
        if (shard.size() == 0) {
            Tensor none = model.forward(Tensor.zeros(dtype(), 1, 1, spec.inputSize()));
            none.sum(new int[] {0, 1}, false).mul(0).backward();
            return new StepShare(0, 0, 0);
        }
        Tensor x = inputs(shard, l);                                   // (n_k, L, d_in)
        Targets targets = targets(shard);
        Tensor out = ragged ? model.forward(x, lengths(shard)) : model.forward(x);   // (n_k, d_out)
        Tensor loss = objective.loss(out, targets);                    // the shard's mean
        long[] counts = objective.countCorrect(out, targets);
        loss.mul(shard.weight()).backward();
        return new StepShare(loss.item() * shard.weight(), counts[0], counts[1]);
    }

    /**
     * The optimizer step after the gradients were summed over the replicas: clipping, then AdamW.
     *
     * @param step the global step
     * @param loss the global batch's loss, checked to be finite
     */
    void update(long step, double loss) {
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("training diverged: the loss is " + loss + " at step " + step
                    + "; lower the learning rate");
        }
        if (setup.clip() > 0) {
            GradClip.byGlobalNorm(optimizer.parameters(), setup.clip());
        }
        optimizer.step();
    }

    /** The model and optimizer state. */
    TrainingState state() {
        return new TrainingState(model.stateDict(), optimizer.stateDict(), Map.of());
    }

    /** A digest of every parameter and buffer: equal on replicas that stayed in step. */
    long digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8);
            for (Tensor t : model.stateDict().values()) {
                for (int i = 0; i < t.storage().length(); i++) {
                    md.update(buf.clear().putDouble(t.storage().re(i)).array());
                    md.update(buf.clear().putDouble(t.storage().im(i)).array());
                }
            }
            return ByteBuffer.wrap(md.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Draws, from a freshly seeded dropout, the masks of the {@code before} examples that precede
     * this shard in the global batch: a forward of zeros (before, H, L) in training mode draws
     * exactly those values.
     */
    private void skipMasks(Dropout d, int before, int length) {
        if (before > 0 && length > 0) {
            try (var off = Grad.disabled()) {
                d.forward(Tensor.zeros(dtype(), before, spec.width(), length));
            }
        }
    }

    private DType dtype() {
        return spec.block().kernel().dtype();
    }

    /** (n_k, L, d_in), right-padded with zeros, in the model's precision. */
    private Tensor inputs(Shard shard, int l) {
        int d = spec.inputSize();
        float[] data = new float[shard.size() * l * d];
        for (int b = 0; b < shard.size(); b++) {
            float[][] x = shard.inputs()[b];
            for (int t = 0; t < x.length; t++) {
                System.arraycopy(x[t], 0, data, (b * l + t) * d, d);
            }
        }
        return Tensor.of(data, shard.size(), l, d).to(dtype());
    }

    private static int[] lengths(Shard shard) {
        int[] lengths = new int[shard.size()];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = shard.inputs()[b].length;
        }
        return lengths;
    }

    private Targets targets(Shard shard) {
        if (shard.classes() != null) {
            return new Targets.Classes(shard.classes());
        }
        int d = spec.outputSize();
        float[] v = new float[shard.size() * d];
        for (int b = 0; b < shard.size(); b++) {
            System.arraycopy(shard.values()[b], 0, v, b * d, d);
        }
        return new Targets.Values(Tensor.of(v, shard.size(), d).to(dtype()));
    }

    /**
     * A replica's share of one step.
     *
     * @param loss    its weighted mean loss: the global batch's loss is the sum of the shares
     * @param scored  examples it scored
     * @param correct of them, those classified right (0 for regression)
     */
    record StepShare(double loss, long scored, long correct) {
    }
}

package dev.s4j.spark;

import dev.s4j.examples.train.OptimConfig;
import dev.s4j.optim.LrSchedule;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.serve.SpecJson;
import java.io.Serializable;

/**
 * What every replica needs to build its model, optimizer and schedule: sent with each epoch's tasks.
 *
 * @param spec        the model's spec in JSON ({@link SpecJson})
 * @param kind        classifier or regressor
 * @param lr          peak learning rate of the non-SSM parameters
 * @param weightDecay their decoupled weight decay
 * @param warmup      fraction of all steps spent warming up
 * @param clip        global gradient-norm limit, or 0
 * @param seed        the run's seed
 * @param totalSteps  steps of the whole run (the schedule's length)
 * @param threads     s4j threads per executor JVM, or 0 for the default
 * @param exchange    how the replicas sum their gradients
 */
record ReplicaSetup(String spec, ModelKind kind, double lr, double weightDecay, double warmup, double clip, long seed,
                    long totalSteps, int threads, Exchange exchange) implements Serializable {

    static ReplicaSetup of(SparkTrainConfig c, long totalSteps) {
        OptimConfig o = c.optim();
        return new ReplicaSetup(SpecJson.toJson(c.model()), c.kind(), o.lr(), o.weightDecay(), o.warmup(), o.clip(), c.seed(),
                totalSteps, c.threads(), c.exchange());
    }

    BackboneSpec backbone() {
        return SpecJson.fromJson(spec);
    }

    /** s4j train's schedule: linear warmup over ⌊warmup · total⌋ steps, then cosine decay to 0 at the last step. */
    LrSchedule schedule() {
        return LrSchedule.cosineWithWarmup((long) Math.floor(warmup * totalSteps), totalSteps, 0);
    }
}

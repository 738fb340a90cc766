package dev.s4j.examples.train;

import dev.s4j.autograd.Generator;
import dev.s4j.examples.data.Seeds;
import dev.s4j.examples.data.Task;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;

/** Builds the model a {@link ModelConfig} describes for a task. */
public final class Models {
    private Models() {
    }

    /** The backbone specification for {@code task}: its input features, outputs and pooling. */
    public static BackboneSpec spec(ModelConfig m, Task task) {
        BlockSpec block = BlockSpec.of(m.kernel().spec(m.stateSize(), m.ssmLr(), m.init())).withDropout(m.dropout());
        return BackboneSpec.of(task.features(), task.objective().outputSize()).withWidth(m.width()).withLayers(m.layers())
                .withBlock(block).withPooling(task.objective().pooling());
    }

    /** A freshly initialized model; the initialization depends only on the config and {@code seed}. */
    public static Backbone build(ModelConfig m, Task task, long seed) {
        return build(spec(m, task), seed);
    }

    /** A freshly initialized model of {@code spec}, initialized as a run with {@code seed} initializes it. */
    public static Backbone build(BackboneSpec spec, long seed) {
        return new Backbone(spec, new Generator(Seeds.derive(seed, 1)));
    }
}

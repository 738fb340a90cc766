package dev.s4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.examples.train.OptimConfig;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.BackboneSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shards of a global batch, their gradients exchanged and summed, give the whole batch's gradient and loss. */
class ReplicaTest {
    /** float64 S4D model with dropout in the blocks and between them. */
    private static final BackboneSpec SPEC = BackboneSpec.of(2, 3).withWidth(8).withLayers(2).withDropout(0.25)
            .withBlock(BlockSpec.of(DiagonalSpec.of(8).withDtype(DType.FLOAT64)).withDropout(0.25));

    private static ReplicaSetup setup() {
        SparkTrainConfig c = SparkTrainConfig.of(SPEC, ModelKind.CLASSIFIER, Path.of("unused"))
                .withOptim(OptimConfig.defaults().withBatch(8)).withSeed(11);
        return ReplicaSetup.of(c, 10);
    }

    private static Shard shard(float[][][] x, int[] labels, int from, int to, int batch) {
        return new Shard(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(labels, from, to), null, from, batch);
    }

    /** The parameters' gradients, flattened in order (real and imaginary parts). */
    private static double[] gradients(List<Parameter> parameters) {
        List<Double> out = new ArrayList<>();
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            for (int i = 0; i < g.storage().length(); i++) {
                out.add(g.storage().re(i));
                out.add(g.storage().im(i));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void shardGradientsSumToTheGlobalBatchGradientWithTheSameDropoutMasks() {
        Generator gen = new Generator(5);
        float[][][] x = new float[8][12][2];
        int[] labels = new int[8];
        for (int b = 0; b < 8; b++) {
            labels[b] = b % 3;
            for (float[] p : x[b]) {
                p[0] = (float) gen.nextGaussian();
                p[1] = (float) gen.nextGaussian();
            }
        }
        long step = 4;
        Replica whole = Replica.fresh(setup());
        Replica.StepShare all = whole.backward(step, shard(x, labels, 0, 8, 8));
        double[] expected = gradients(whole.parameters());

        Replica first = Replica.fresh(setup());
        Replica second = Replica.fresh(setup());
        List<byte[]> messages = List.of(
                GradientMessage.encode(first.backward(step, shard(x, labels, 0, 3, 8)), first.parameters()),
                GradientMessage.encode(second.backward(step, shard(x, labels, 3, 8, 8)), second.parameters()));
        Replica.StepShare total = GradientMessage.sumInto(messages, first.parameters());
        double[] summed = gradients(first.parameters());

        assertEquals(all.loss(), total.loss(), 1e-13);
        assertEquals(8, total.scored());
        assertEquals(all.correct(), total.correct());
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], summed[i], 1e-12 * scale, "gradient value " + i);
        }

        GradientMessage.sumInto(List.of(GradientMessage.encode(total, first.parameters())), second.parameters());   // the sum, as DIRECT sends it
        first.update(step, total.loss());
        second.update(step, total.loss());
        assertEquals(first.digest(), second.digest(), "replicas stay identical after the step");
    }

    @Test
    void anEmptyShardContributesZeroGradients() {
        Replica r = Replica.fresh(setup());
        Replica.StepShare none = r.backward(0, new Shard(new float[0][][], new int[0], null, 1, 1));
        assertEquals(0, none.loss());
        assertEquals(0, none.scored());
        for (double g : gradients(r.parameters())) {
            assertEquals(0, g);
        }
    }
}

package dev.s4j.ssm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.testing.Differences;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A whole network: the streaming path agrees with the convolutional one. */
class BackboneTest {
    private static final int LENGTH = 120;

    static Stream<Arguments> networks() {
        BackboneSpec base = BackboneSpec.of(3, 5).withWidth(8).withLayers(3).withBlock(BlockSpec.of(NplrSpec.of(16)));
        return Stream.of(
                Arguments.of("pre-norm LayerNorm, mean pooling", base),
                Arguments.of("post-norm BatchNorm, last position", base.withNorm(Norm.BATCH).withPrenorm(false)
                        .withPooling(Pooling.LAST)),
                Arguments.of("S4D, no pooling, dropout", base.withBlock(BlockSpec.of(DiagonalSpec.of(16)).withDropout(0.1))
                        .withDropout(0.2).withPooling(Pooling.NONE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void streamingAgreesWithTheConvolutionalForwardPass(String name, BackboneSpec spec) {
        Backbone model = new Backbone(spec, new Generator(1));
        Tensor x = Tensor.randn(new Generator(2), DType.FLOAT32, 2, LENGTH, 3);
        model.train();
        model.forward(x);   // moves batch-norm statistics away from their initial values
        model.eval();
        Tensor full = model.forward(x);
        BackboneStepper stepper = model.stepper(2);
        Tensor last = null;
        for (int t = 0; t < LENGTH; t++) {
            last = stepper.step(x.select(1, t));
            if (spec.pooling() == Pooling.NONE) {
                assertClose(full.select(1, t), last, name + " at t = " + t);
            }
        }
        if (spec.pooling() != Pooling.NONE) {
            assertArrayEquals(new int[] {2, 5}, full.shape());
            assertClose(full, last, name);
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        double d = Differences.relative(expected, actual);
        assertTrue(d < 1e-5, what + ": relative difference " + d);
    }

    @Test
    void aReloadedModelGivesTheSameOutputs() {
        BackboneSpec spec = BackboneSpec.of(2, 3).withWidth(6).withLayers(2).withBlock(BlockSpec.of(NplrSpec.of(8)));
        Backbone a = new Backbone(spec, new Generator(3));
        Tensor x = Tensor.randn(new Generator(4), DType.FLOAT32, 2, 50, 2);
        a.eval();
        Tensor ya = a.forward(x);                     // ties S4's C̃ to L = 50 (buffer l_max)
        Map<String, Tensor> state = a.stateDict();
        Backbone b = new Backbone(spec, new Generator(99));
        b.loadStateDict(state, true);
        b.eval();
        assertArrayEquals(ya.toDoubleArray(), b.forward(x).toDoubleArray());
    }

    @Test
    void aStepperLeavesTheTrainingModeAloneAndFollowsParameterChanges() {
        BackboneSpec spec = BackboneSpec.of(2, 3).withWidth(6).withLayers(2).withBlock(BlockSpec.of(DiagonalSpec.of(8)))
                .withDropout(0.5).withPooling(Pooling.NONE);
        Backbone model = new Backbone(spec, new Generator(5));
        Tensor x = Tensor.randn(new Generator(6), DType.FLOAT32, 1, 20, 2);
        model.train();
        BackboneStepper stepper = model.stepper(1);
        stepper.step(x.select(1, 0));
        assertTrue(model.isTraining(), "stepping must not switch the model to evaluation");
        Generator noise = new Generator(7);
        for (dev.s4j.autograd.nn.Parameter p : model.parameters()) {
            p.assign(p.detach().add(Tensor.randn(noise, p.dtype(), p.shape()).mul(0.05)));
        }
        stepper.reset();
        Tensor last = null;
        for (int t = 0; t < 20; t++) {
            last = stepper.step(x.select(1, t));
        }
        model.eval();
        assertClose(model.forward(x).select(1, 19), last, "after an in-place update of every parameter");
    }
}

package dev.s4j.ssm.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.GradCheck;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.testing.Differences;
import dev.s4j.autograd.nn.OptimHints;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.ssm.kernel.DenseSpec;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The S4 block: step mode equals the convolutional forward pass, also after its parameters change. */
class S4BlockTest {
    private static final int WIDTH = 4;
    private static final int LENGTH = 200;

    static Stream<Arguments> blocks() {
        return Stream.of(
                Arguments.of("S4, GLU", BlockSpec.of(NplrSpec.of(16))),
                Arguments.of("S4D, 2 channels, no GLU", BlockSpec.of(DiagonalSpec.of(16)).withChannels(2).withGlu(false)),
                Arguments.of("LSSL, tanh", BlockSpec.of(DenseSpec.of(8)).withActivation(dev.s4j.autograd.nn.Activation.Kind.TANH)));
    }

    /** Runs the stepper over u (B, H, L) and stacks the outputs to (B, H, L). */
    static Tensor stepAll(BlockStepper s, Tensor u) {
        Tensor[] outs = new Tensor[u.size(2)];
        for (int t = 0; t < outs.length; t++) {
            outs[t] = s.step(u.select(2, t));
        }
        return Tensor.stack(2, outs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void stepModeEqualsConvolutionAndFollowsParameterChanges(String name, BlockSpec spec) {
        S4Block block = new S4Block(WIDTH, spec, new Generator(1));
        block.eval();
        Tensor u = Tensor.randn(new Generator(2), DType.FLOAT32, 2, WIDTH, LENGTH);
        BlockStepper stepper = block.stepper(2);
        Tensor conv = block.forward(u);
        assertArrayEquals(new int[] {2, WIDTH, LENGTH}, conv.shape());
        assertTrue(Differences.relative(conv, stepAll(stepper, u)) < 1e-5, name + " at initialization");
        // an optimizer-like update of every parameter; the same stepper notices it
        Generator noise = new Generator(3);
        for (Parameter p : block.parameters()) {
            p.assign(p.detach().add(Tensor.randn(noise, p.dtype(), p.shape()).mul(0.02)));
        }
        stepper.reset();
        assertTrue(Differences.relative(block.forward(u), stepAll(stepper, u)) < 1e-5, name + " after an update");
    }

    @Test
    void ssmParametersCarryTheirOwnLearningRateAndNoWeightDecay() {
        S4Block block = new S4Block(WIDTH, BlockSpec.of(NplrSpec.of(8).withSsmLearningRate(0.002)), new Generator(4));
        Map<String, Parameter> params = block.namedParameters();
        for (String name : new String[] {"conv.kernel.log_dt", "conv.kernel.lambda_re", "conv.kernel.lambda_im",
            "conv.kernel.P", "conv.kernel.B"}) {
            assertEquals(new OptimHints(0.002, 0.0), params.get(name).optimHints(), name);
        }
        for (String name : new String[] {"conv.kernel.C", "conv.D", "output.weight", "output.bias"}) {
            assertEquals(OptimHints.NONE, params.get(name).optimHints(), name);
        }
    }

    @Test
    void bidirectionalBlocksHaveNoStepMode() {
        S4Block block = new S4Block(WIDTH, BlockSpec.of(DiagonalSpec.of(8)).withBidirectional(true), new Generator(5));
        assertArrayEquals(new int[] {1, WIDTH, 9}, block.forward(Tensor.zeros(1, WIDTH, 9)).shape());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> block.stepper(1));
        assertTrue(e.getMessage().contains("bidirectional"), e.getMessage());
    }

    @Test
    void gradientsThroughTheWholeBlock() {
        S4Block block = new S4Block(2, BlockSpec.of(NplrSpec.of(4).withDtype(DType.FLOAT64)), new Generator(6));
        Parameter u = new Parameter(Tensor.randn(new Generator(7), DType.FLOAT64, 2, 2, 6));
        block.forward(u);
        java.util.List<Tensor> leaves = new java.util.ArrayList<>(block.parameters());
        leaves.add(u);
        GradCheck.Report r = GradCheck.checkLeaves(() -> block.forward(u), GradCheck.Tolerance.DEFAULT, leaves);
        assertTrue(r.passed(), r.message());
    }

    @Test
    void enteringStepModeChangesNoParameterOfAKernelInUse() {
        S4Block block = new S4Block(WIDTH, BlockSpec.of(NplrSpec.of(16)), new Generator(8));
        block.eval();
        Tensor u = Tensor.randn(new Generator(9), DType.FLOAT32, 1, WIDTH, 128);
        double[] before = block.forward(u).toDoubleArray();             // ties C̃ to L = 128
        java.util.Map<String, double[]> state = new java.util.LinkedHashMap<>();
        block.stateDict().forEach((k, v) -> state.put(k, v.toDoubleArray()));
        long version = block.version();
        block.stepper(1).step(u.select(2, 0));
        assertEquals(version, block.version(), "no parameter or buffer changed");
        block.stateDict().forEach((k, v) -> assertArrayEquals(state.get(k), v.toDoubleArray(), 0, k));
        assertArrayEquals(before, block.forward(u).toDoubleArray(), 0, "the convolution after stepping is the one before");
    }
}

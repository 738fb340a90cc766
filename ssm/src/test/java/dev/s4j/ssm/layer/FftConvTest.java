package dev.s4j.ssm.layer;

import dev.s4j.autograd.Grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.GradCheck;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.ssm.kernel.DenseSpec;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.kernel.RecurrentState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The FFT convolution layer against the direct sums it stands for, and state forwarding against one long pass. */
class FftConvTest {

    static FftConv conv(KernelSpec spec, int width, int channels, boolean bidirectional, long seed) {
        Generator gen = new Generator(seed);
        return new FftConv(spec.build(width, bidirectional ? 2 * channels : channels, gen), channels, bidirectional,
                FftConv.randomD(gen, channels, width, spec.dtype()));
    }

    /** y[b, c·H + h, t] = Σ_j K[c, h, j] u[b, h, t − j] (+ backward half) + D[c, h] u[b, h, t], directly. */
    static double[] direct(FftConv layer, Tensor u) {
        int b = u.size(0);
        int h = u.size(1);
        int l = u.size(2);
        int c = layer.channels();
        double[] k = layer.kernel().kernel(l).toDoubleArray();
        double[] d = layer.d().toDoubleArray();
        double[] x = u.toDoubleArray();
        double[] y = new double[b * c * h * l];
        for (int bi = 0; bi < b; bi++) {
            for (int ci = 0; ci < c; ci++) {
                for (int hi = 0; hi < h; hi++) {
                    for (int t = 0; t < l; t++) {
                        double s = d[ci * h + hi] * x[(bi * h + hi) * l + t];
                        for (int j = 0; j <= t; j++) {
                            s += k[(ci * h + hi) * l + j] * x[(bi * h + hi) * l + t - j];
                        }
                        if (layer.isBidirectional()) {
                            for (int j = 0; t + 1 + j < l; j++) {
                                s += k[((c + ci) * h + hi) * l + j] * x[(bi * h + hi) * l + t + 1 + j];
                            }
                        }
                        y[((bi * c + ci) * h + hi) * l + t] = s;
                    }
                }
            }
        }
        return y;
    }

    static double relative(double[] expected, double[] actual) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < expected.length; i++) {
            num = Math.max(num, Math.abs(expected[i] - actual[i]));
            den = Math.max(den, Math.abs(expected[i]));
        }
        return num / den;
    }

    @Test
    void convolutionMatchesTheDirectSumAtAnyLength() {
        FftConv layer = conv(DiagonalSpec.of(8).withDtype(DType.FLOAT64), 3, 2, false, 1);
        for (int l : new int[] {1, 37, 256, 300}) {
            Tensor u = Tensor.randn(new Generator(l), DType.FLOAT64, 2, 3, l);
            Tensor y = layer.forward(u);
            assertArrayEquals(new int[] {2, 6, l}, y.shape());
            assertTrue(relative(direct(layer, u), y.toDoubleArray()) < 1e-12, "L = " + l);
        }
    }

    @Test
    void bidirectionalLayersAddTheReversedConvolution() {
        FftConv layer = conv(NplrSpec.of(8).withDtype(DType.FLOAT64), 2, 1, true, 2);
        Tensor u = Tensor.randn(new Generator(3), DType.FLOAT64, 2, 2, 50);
        assertTrue(relative(direct(layer, u), layer.forward(u).toDoubleArray()) < 1e-12);
        assertThrows(IllegalStateException.class, () -> layer.forward(u, new RecurrentState(2, 2, 4, true), 1));
    }

    static Stream<Arguments> kernels() {
        return Stream.of(Arguments.of("S4", NplrSpec.of(16)), Arguments.of("S4D", DiagonalSpec.of(16)),
                Arguments.of("LSSL", DenseSpec.of(8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void twoChunksWithStateEqualOneLongConvolution(String name, KernelSpec spec) {
        FftConv layer = conv(spec, 3, 2, false, 4);
        Tensor u = Tensor.randn(new Generator(5), DType.FLOAT32, 2, 3, 700);
        double[] whole = layer.forward(u).toDoubleArray();
        RecurrentState zero = layer.kernel().recurrence(1).zeroState(2);
        FftConv.Result first = layer.forward(u.slice(2, 0, 300), zero, 1);
        FftConv.Result second = layer.forward(u.slice(2, 300, 700), first.state(), 1);
        double[] chunked = Tensor.cat(2, first.y(), second.y()).toDoubleArray();
        assertTrue(relative(whole, chunked) < 1e-5, name + ": relative error " + relative(whole, chunked));
        // and the final state is the one the long pass ends in
        FftConv.Result once = layer.forward(u, zero, 1);
        assertTrue(relative(once.y().toDoubleArray(), whole) < 1e-5);
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(once.state().re(1, i, 0) - second.state().re(1, i, 0)) < 1e-6 * (1 + Math.abs(once.state().re(1, i, 0))));
        }
    }

    @Test
    void gradientsOfParametersAndInput() {
        FftConv layer = conv(NplrSpec.of(4).withDtype(DType.FLOAT64), 2, 1, true, 6);
        Parameter u = new Parameter(Tensor.randn(new Generator(7), DType.FLOAT64, 2, 2, 5));
        layer.forward(u);
        List<Tensor> leaves = new ArrayList<>(layer.parameters());
        leaves.add(u);
        GradCheck.Report r = GradCheck.checkLeaves(() -> layer.forward(u), GradCheck.Tolerance.DEFAULT, leaves);
        assertTrue(r.passed(), r.message());
    }

    @Test
    void badInputsAreNamed() {
        FftConv layer = conv(DiagonalSpec.of(4), 3, 1, false, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(2, 4, 10)));
        assertTrue(e.getMessage().contains("H = 3") && e.getMessage().contains("(2, 4, 10)"), e.getMessage());
    }

    @Test
    void cachedKernelsAreReusedUntilAParameterChanges() {
        S4Block block = new S4Block(6, BlockSpec.of(NplrSpec.of(8)), new Generator(4));
        FftConv conv = block.conv();
        Tensor u = Tensor.randn(new Generator(5), DType.FLOAT32, 2, 6, 40);
        try (var off = Grad.disabled()) {
            double[] plain = conv.forward(u).toDoubleArray();
            conv.cacheKernels(2);
            assertArrayEquals(plain, conv.forward(u).toDoubleArray(), 0);
            assertArrayEquals(plain, conv.forward(u).toDoubleArray(), 0, "from the cache");
            for (Parameter p : block.parameters()) {
                p.assign(p.detach().mul(1.01));
            }
            double[] fresh = conv.forward(u).toDoubleArray();
            conv.cacheKernels(0);
            assertArrayEquals(conv.forward(u).toDoubleArray(), fresh, 0, "a changed parameter is not served from the cache");
        }
    }
}

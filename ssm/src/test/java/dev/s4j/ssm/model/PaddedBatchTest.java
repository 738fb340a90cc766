package dev.s4j.ssm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A right-padded batch with lengths: every row's output and gradient are those of the row run alone. */
class PaddedBatchTest {
    private static final int[] LENGTHS = {30, 17, 1, 24, 30};
    private static final int L = 30;

    static Stream<Arguments> models() {
        BackboneSpec base = BackboneSpec.of(2, 3).withWidth(6).withLayers(2).withBlock(BlockSpec.of(NplrSpec.of(8)));
        return Stream.of(
                Arguments.of("S4, mean pooling", base),
                Arguments.of("S4D, last position, float64", base.withBlock(BlockSpec.of(DiagonalSpec.of(8).withDtype(DType.FLOAT64)))
                        .withPooling(Pooling.LAST)),
                Arguments.of("S4, no pooling, post-norm", base.withPooling(Pooling.NONE).withPrenorm(false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void eachRowIsComputedAsIfAlone(String name, BackboneSpec spec) {
        Backbone model = new Backbone(spec, new Generator(1));
        DType dtype = spec.block().kernel().dtype();
        Tensor x = Tensor.randn(new Generator(2), dtype, LENGTHS.length, L, 2);
        double[] data = x.toDoubleArray();
        for (int b = 0; b < LENGTHS.length; b++) {             // the padding is garbage, even NaN
            for (int t = LENGTHS[b]; t < L; t++) {
                data[(b * L + t) * 2] = b % 2 == 0 ? Double.NaN : 1e30;
            }
        }
        x = Tensor.of(data, LENGTHS.length, L, 2).to(dtype);
        Tensor padded = model.forward(x, LENGTHS);
        padded.sum().backward();
        List<double[]> batchGrads = grads(model);
        double tol = dtype == DType.FLOAT64 ? 1e-10 : 2e-5;
        List<double[]> rowGrads = null;
        for (int b = 0; b < LENGTHS.length; b++) {
            Tensor alone = model.forward(x.slice(0, b, b + 1).slice(1, 0, LENGTHS[b]));
            alone.sum().backward();                          // accumulates over rows
            Tensor mine = padded.slice(0, b, b + 1);
            if (spec.pooling() == Pooling.NONE) {
                assertClose(alone, mine.slice(1, 0, LENGTHS[b]), tol, name + ", row " + b);
                double[] rest = mine.slice(1, LENGTHS[b], L).toDoubleArray();
                for (double v : rest) {
                    assertEquals(0.0, Math.abs(v), name + ": outputs at padding are 0");
                }
            } else {
                assertClose(alone, mine, tol, name + ", row " + b);
            }
        }
        rowGrads = grads(model);
        for (int i = 0; i < batchGrads.size(); i++) {
            double[] g = rowGrads.get(i);
            double[] p = batchGrads.get(i);
            double scale = 1e-12;
            for (int k = 0; k < g.length; k++) {
                g[k] -= p[k];                               // row runs accumulated on top of the padded batch's gradient
                scale = Math.max(scale, Math.abs(p[k]));
            }
            for (int k = 0; k < g.length; k++) {
                assertEquals(p[k], g[k], tol * 10 * scale, name + ": gradient of parameter " + i);
            }
        }
    }

    private static List<double[]> grads(Backbone model) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(p.grad() == null ? new double[p.numel()] : p.grad().toDoubleArray());
        }
        return out;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        double scale = 1e-12;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tol * scale, what + ": " + e[i] + " vs " + a[i]);
        }
    }

    @Test
    void badLengthsAreNamed() {
        Backbone model = new Backbone(BackboneSpec.of(1, 2).withWidth(4).withLayers(1).withBlock(BlockSpec.of(NplrSpec.of(4))),
                new Generator(0));
        Tensor x = Tensor.randn(new Generator(1), 2, 5, 1);
        String tooLong = assertThrows(IllegalArgumentException.class, () -> model.forward(x, new int[] {5, 6})).getMessage();
        assertTrue(tooLong.contains("row 1 has length 6") && tooLong.contains("[1, 5]"), tooLong);
        String empty = assertThrows(IllegalArgumentException.class, () -> model.forward(x, new int[] {0, 5})).getMessage();
        assertTrue(empty.contains("row 0 has length 0"), empty);
        String count = assertThrows(IllegalArgumentException.class, () -> model.forward(x, new int[] {5})).getMessage();
        assertTrue(count.contains("one per row (2)"), count);
    }
}

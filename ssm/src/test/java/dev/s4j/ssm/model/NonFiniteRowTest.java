package dev.s4j.ssm.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A NaN or infinity in one row of a batch stays in that row, through a whole network, in training
 * mode (dropout on, with the input gradient) and in evaluation.
 */
class NonFiniteRowTest {

    @ParameterizedTest(name = "{0} {1} B={2} bad row {3} = {4}, training {5}")
    @CsvSource({
        "s4, FLOAT32, 2, 0, NaN, true", "s4, FLOAT32, 3, 1, Infinity, false", "s4d, FLOAT32, 5, 4, NaN, true",
        "s4, FLOAT64, 3, 2, NaN, false", "s4d, FLOAT64, 4, 1, -Infinity, true",
    })
    void otherRowsAreUnchanged(String kind, DType dtype, int batch, int bad, double value, boolean training) {
        var kernel = kind.equals("s4") ? NplrSpec.of(8).withDtype(dtype) : DiagonalSpec.of(8).withDtype(dtype);
        BackboneSpec spec = BackboneSpec.of(2, 3).withWidth(6).withLayers(2).withBlock(BlockSpec.of(kernel).withDropout(0.3))
                .withPooling(Pooling.NONE);
        int l = 40;
        Tensor x = Tensor.randn(new Generator(2), dtype, batch, l, 2);
        Tensor cleanIn = x.detach().requiresGrad(true);
        Tensor out = run(spec, cleanIn, training);
        double[] poisoned = x.toDoubleArray();
        poisoned[(bad * l + 13) * 2 + 1] = value;
        Tensor badIn = Tensor.of(poisoned, batch, l, 2).to(dtype).requiresGrad(true);
        Tensor badOut = run(spec, badIn, training);
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        for (int b = 0; b < batch; b++) {
            if (b == bad) {
                continue;
            }
            close(out.select(0, b).toDoubleArray(), badOut.select(0, b).toDoubleArray(), tol, "output of row " + b);
            if (training) {
                close(cleanIn.grad().select(0, b).toDoubleArray(), badIn.grad().select(0, b).toDoubleArray(), tol,
                        "input gradient of row " + b);
            }
        }
    }

    /** The same seeded model (and dropout masks) on x; in training also x's gradient of the sum of the good rows' outputs. */
    private static Tensor run(BackboneSpec spec, Tensor x, boolean training) {
        Backbone model = new Backbone(spec, new Generator(1));
        if (training) {
            model.train();
        } else {
            model.eval();
        }
        Tensor y = model.forward(x);
        if (training) {
            y.sum().backward();
        }
        return y.detach();
    }

    private static void close(double[] expected, double[] actual, double tol, String what) {
        double scale = 1e-12;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]) && Math.abs(expected[i] - actual[i]) <= tol * scale,
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}

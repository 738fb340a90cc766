package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.assertClose;
import static dev.s4j.autograd.TestTensors.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** Layer and batch norm against the formulas written with basic ops. */
class NormalizationTest {

    private static Tensor reference(Tensor x, int[] axes, Tensor w, Tensor b, double eps) {
        Tensor mean = x.mean(axes, true);
        Tensor var = x.var(axes, true, 0);
        Tensor y = x.sub(mean).div(var.add(eps).sqrt());
        return w == null ? y : y.mul(w).add(b);
    }

    @Test
    void layerNormOverTheChannelAxis() {
        Tensor x = randn(1, DType.FLOAT64, 3, 8, 5).mul(3).add(1);
        Tensor w = randn(2, DType.FLOAT64, 8);
        Tensor b = randn(3, DType.FLOAT64, 8);
        Tensor got = Normalization.layerNorm(x, 1, w, b, 1e-5);
        assertClose(reference(x, new int[] {1}, w.reshape(1, 8, 1), b.reshape(1, 8, 1), 1e-5), got, 1e-13);
        Tensor last = Normalization.layerNorm(x, -1, null, null, 1e-5);
        assertClose(reference(x, new int[] {2}, null, null, 1e-5), last, 1e-13);
        // float32 agrees to single precision
        Tensor f32 = Normalization.layerNorm(x.to(DType.FLOAT32), 1, w.to(DType.FLOAT32), b.to(DType.FLOAT32), 1e-5);
        assertClose(got, f32, 1e-5);
    }

    @Test
    void batchNormTrainsWithBatchStatisticsAndUpdatesRunningOnes() {
        Tensor x = randn(4, DType.FLOAT64, 6, 3, 4).mul(2).add(5);
        Tensor rm = Tensor.zeros(DType.FLOAT64, 3);
        Tensor rv = Tensor.ones(DType.FLOAT64, 3);
        Tensor y = Normalization.batchNorm(x, rm, rv, null, null, true, 0.1, 1e-5);
        assertClose(reference(x, new int[] {0, 2}, null, null, 1e-5), y, 1e-13);
        Tensor mean = x.mean(new int[] {0, 2}, false);
        Tensor unbiased = x.var(new int[] {0, 2}, false, 1);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.1 * mean.get(c), rm.get(c), 1e-13);
            assertEquals(0.9 + 0.1 * unbiased.get(c), rv.get(c), 1e-13);
        }
        Tensor evalOut = Normalization.batchNorm(x, rm, rv, null, null, false, 0.1, 1e-5);
        Tensor expected = x.sub(rm.reshape(1, 3, 1)).div(rv.reshape(1, 3, 1).add(1e-5).sqrt());
        assertClose(expected, evalOut, 1e-13);
    }
}

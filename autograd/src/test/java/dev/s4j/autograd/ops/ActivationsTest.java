package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.SpecialMath;
import org.junit.jupiter.api.Test;

/** Values of the activations, softmax family, losses and dropout. */
class ActivationsTest {

    @Test
    void elementwiseActivationsMatchTheirDefinitions() {
        double[] x = {-30, -3, -0.5, 0, 0.7, 2, 40};
        Tensor t = Tensor.of(x);
        double[] tanh = t.tanh().toDoubleArray();
        double[] sig = t.sigmoid().toDoubleArray();
        double[] relu = t.relu().toDoubleArray();
        double[] gelu = t.gelu().toDoubleArray();
        double[] sp = t.softplus().toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.tanh(x[i]), tanh[i], 1e-15);
            assertEquals(1 / (1 + Math.exp(-x[i])), sig[i], 1e-15);
            assertEquals(Math.max(0, x[i]), relu[i]);
            assertEquals(x[i] * 0.5 * (1 + SpecialMath.erf(x[i] / Math.sqrt(2))), gelu[i], 1e-15 * Math.max(1, Math.abs(x[i])));
            assertEquals(Math.log1p(Math.exp(x[i])), sp[i], 1e-14 * Math.max(1, x[i]));
        }
    }

    @Test
    void float32GeluAgreesWithTheExactForm() {
        Tensor x = randn(1, DType.FLOAT64, 10000).mul(4);
        double[] exact = x.gelu().toDoubleArray();
        double[] fast = x.to(DType.FLOAT32).gelu().toDoubleArray();
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], fast[i], 3e-7 * Math.max(1, Math.abs(exact[i])));
        }
    }

    @Test
    void gluGatesTheFirstHalfWithTheSecond() {
        Tensor x = Tensor.of(new double[] {1, 2, 0, 3}, 1, 4);
        Tensor y = Activations.glu(x, 1);
        assertArrayEquals(new double[] {1 * 0.5, 2 / (1 + Math.exp(-3))}, y.toDoubleArray(), 1e-15);
    }

    @Test
    void softmaxIsStableAndNormalized() {
        Tensor x = Tensor.of(new double[] {1000, 1001, 1002, -5, 0, 5}, 2, 3);
        Tensor s = Softmax.softmax(x, 1);
        double[] v = s.toDoubleArray();
        double e = Math.exp(1) + Math.exp(2) + 1;
        assertArrayEquals(new double[] {1 / e, Math.exp(1) / e, Math.exp(2) / e}, new double[] {v[0], v[1], v[2]}, 1e-15);
        assertEquals(1, v[3] + v[4] + v[5], 1e-15);
        Tensor ls = Softmax.logSoftmax(x, 1);
        for (int i = 0; i < 6; i++) {
            assertEquals(Math.log(v[i]), ls.toDoubleArray()[i], 1e-12);
        }
    }

    @Test
    void crossEntropyAndMse() {
        Tensor logits = Tensor.of(new double[] {2, 0, -1, 0.5, 0.5, 3}, 2, 3);
        double l0 = -Math.log(Math.exp(2) / (Math.exp(2) + 1 + Math.exp(-1)));
        double l1 = -Math.log(Math.exp(3) / (2 * Math.exp(0.5) + Math.exp(3)));
        assertEquals((l0 + l1) / 2, Losses.crossEntropy(logits, new int[] {0, 2}).item(), 1e-14);
        Tensor p = Tensor.of(new double[] {1, 2, 3});
        Tensor q = Tensor.of(new double[] {1, 0, 5});
        assertEquals((0 + 4 + 4) / 3.0, Losses.mse(p, q).item(), 1e-15);
    }

    @Test
    void crossEntropyToleratesMaskedLogits() {
        Tensor logits = Tensor.of(new double[] {0, Double.NEGATIVE_INFINITY, 1, 1}, 2, 2).requiresGrad(true);
        Tensor loss = Losses.crossEntropy(logits, new int[] {0, 1});
        assertEquals(Math.log(2) / 2, loss.item(), 1e-15);
        loss.backward();
        for (double g : logits.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(g));
        }
    }

    @Test
    void dropoutIsIdentityInEvaluationAndUnbiasedInTraining() {
        Tensor x = Tensor.ones(DType.FLOAT64, 100000);
        assertEquals(x, InvertedDropout.apply(x, 0.3, false, new Generator(1)));
        double[] y = InvertedDropout.apply(x, 0.3, true, new Generator(1)).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            assertTrue(v == 0 || Math.abs(v - 1 / 0.7) < 1e-12);
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(0.3, zeros / 100000.0, 0.01);
        assertArrayEquals(y, InvertedDropout.apply(x, 0.3, true, new Generator(1)).toDoubleArray());
        assertArrayEquals(new double[3], InvertedDropout.apply(Tensor.ones(DType.FLOAT64, 3), 1, true, new Generator(1)).toDoubleArray());
    }

    /** Tied over the last axis: on (B, H, L) a channel of a sequence is kept or dropped at every position (PyTorch's Dropout1d). */
    @Test
    void tiedDropoutKeepsOrDropsWholeRows() {
        Tensor x = Tensor.ones(DType.FLOAT64, 50, 40, 30);
        double[] y = InvertedDropout.apply(x, 0.3, true, new Generator(2), true).toDoubleArray();
        int dropped = 0;
        for (int row = 0; row < 50 * 40; row++) {
            for (int t = 1; t < 30; t++) {
                assertEquals(y[row * 30], y[row * 30 + t], "row " + row);
            }
            assertTrue(y[row * 30] == 0 || Math.abs(y[row * 30] - 1 / 0.7) < 1e-12);
            dropped += y[row * 30] == 0 ? 1 : 0;
        }
        assertEquals(0.3, dropped / 2000.0, 0.04);
        Tensor w = Tensor.randn(new Generator(3), DType.FLOAT64, 2, 3, 4).requiresGrad(true);
        Tensor mask = InvertedDropout.apply(Tensor.ones(DType.FLOAT64, 2, 3, 4), 0.5, true, new Generator(4), true);
        InvertedDropout.apply(w, 0.5, true, new Generator(4), true).sum().backward();
        assertArrayEquals(mask.toDoubleArray(), w.grad().toDoubleArray(), "the gradient is the mask");
    }

    @Test
    void embeddingPicksRows() {
        Tensor w = Tensor.of(new double[] {0, 1, 10, 11, 20, 21}, 3, 2);
        Tensor e = Embedding.lookup(w, new int[] {2, 0, 2}, 3);
        assertArrayEquals(new int[] {3, 2}, e.shape());
        assertArrayEquals(new double[] {20, 21, 0, 1, 20, 21}, e.toDoubleArray());
    }
}

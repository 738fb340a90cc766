package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** Reductions against direct loops. */
class ReductionsTest {

    @Test
    void sumMeanMaxMinVarOverNonAdjacentAxes() {
        Tensor x = randn(1, DType.FLOAT64, 3, 4, 5);
        Tensor s = x.sum(new int[] {0, 2}, false);
        Tensor mx = x.max(new int[] {0, 2}, true);
        Tensor mn = x.min(new int[] {2, 0}, false);
        Tensor v = x.var(new int[] {0, 2}, false, 1);
        assertArrayEquals(new int[] {4}, s.shape());
        assertArrayEquals(new int[] {1, 4, 1}, mx.shape());
        for (int j = 0; j < 4; j++) {
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 5; k++) {
                    double e = x.get(i, j, k);
                    sum += e;
                    max = Math.max(max, e);
                    min = Math.min(min, e);
                }
            }
            double mean = sum / 15;
            double ss = 0;
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 5; k++) {
                    ss += Math.pow(x.get(i, j, k) - mean, 2);
                }
            }
            assertEquals(sum, s.get(j), 1e-13);
            assertEquals(max, mx.get(0, j, 0));
            assertEquals(min, mn.get(j));
            assertEquals(ss / 14, v.get(j), 1e-13);
        }
        assertEquals(x.sum().item() / 60, x.mean().item(), 1e-15);
    }

    @Test
    void float32SumsAccumulateInDoublePrecision() {
        // 2^24 + many ones: a float accumulator would stop growing at 2^24
        int n = 1 << 20;
        Tensor ones = Tensor.ones(n);
        Tensor big = Tensor.cat(0, Tensor.full(1 << 24, DType.FLOAT32, 1), ones);
        assertEquals((1 << 24) + n, big.sum().item());
    }

    @Test
    void float32LastAxisSumsMatchFloat64() {
        for (int len : new int[] {1, 3, 4, 7, 4097}) {
            Tensor x64 = Tensor.randn(new dev.s4j.autograd.Generator(len), DType.FLOAT64, 3, 5, len);
            Tensor ref = x64.sum(2);
            Tensor got = x64.to(DType.FLOAT32).sum(2);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    assertEquals(ref.get(i, j), got.get(i, j), 1e-5 * Math.sqrt(len), "row " + i + ", " + j + " of length " + len);
                }
            }
        }
    }

    @Test
    void complexSumAndVariance() {
        Tensor z = Tensor.complex(new double[] {1, 3}, new double[] {2, -2});
        assertEquals(4, z.sum().real().item());
        assertEquals(0, z.sum().imag().item());
        // |1+2i − (2+0i)|² + |3−2i − (2+0i)|² = 5 + 5
        assertEquals(10, z.var(new int[] {0}, false, 0).item() * 2, 1e-14);
        assertEquals(DType.FLOAT64, z.var(new int[] {0}, false, 1).dtype());
    }

    @Test
    void maxGradientIsSharedAmongTies() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 2}).requiresGrad(true);
        x.max().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, x.grad().toDoubleArray());
    }

    @Test
    void anEmptyAxisListReducesNothing() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(x.shape(), x.sum(new int[0], false).shape());
        assertArrayEquals(x.toDoubleArray(), x.sum(new int[0], true).toDoubleArray());
        assertArrayEquals(x.toDoubleArray(), x.max(new int[0], false).toDoubleArray());
        assertEquals(4, x.max().item());
        assertEquals(1, x.min().item());
        assertEquals(10, x.sum().item());
    }

    @Test
    void cumsumMatchesRunningTotals() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[] {1, 3, 6, 4, 9, 15}, x.cumsum(1).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3, 5, 7, 9}, x.cumsum(0).toDoubleArray());
    }
}

package dev.s4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** Element placement of the shape ops, checked index by index. */
class ShapeOpsTest {
    private static final Tensor X = Tensor.arange(DType.FLOAT64, 0, 24, 1).reshape(2, 3, 4);

    private static double x(int i, int j, int k) {
        return i * 12 + j * 4 + k;
    }

    @Test
    void reshapeInfersOneAxis() {
        assertArrayEquals(new int[] {6, 4}, X.reshape(-1, 4).shape());
        assertArrayEquals(X.toDoubleArray(), X.reshape(24).toDoubleArray());
    }

    @Test
    void permuteAndTranspose() {
        Tensor p = X.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(x(i, j, k), p.get(k, i, j));
                    assertEquals(x(i, j, k), X.transpose(0, 2).get(k, j, i));
                }
            }
        }
    }

    @Test
    void sliceSelectAndIndexSelect() {
        Tensor s = X.slice(2, 1, 4, 2);
        assertArrayEquals(new int[] {2, 3, 2}, s.shape());
        assertEquals(x(1, 2, 3), s.get(1, 2, 1));
        assertEquals(x(0, 0, 1), s.get(0, 0, 0));
        Tensor neg = X.slice(1, -2, 100);
        assertArrayEquals(new int[] {2, 2, 4}, neg.shape());
        assertEquals(x(1, 1, 0), neg.get(1, 0, 0));
        assertArrayEquals(new int[] {2, 0, 4}, X.slice(1, 2, 1).shape());
        Tensor sel = X.select(1, -1);
        assertArrayEquals(new int[] {2, 4}, sel.shape());
        assertEquals(x(1, 2, 3), sel.get(1, 3));
        Tensor idx = X.indexSelect(2, 3, 0, 3);
        assertArrayEquals(new int[] {2, 3, 3}, idx.shape());
        assertEquals(x(1, 1, 3), idx.get(1, 1, 2));
        assertEquals(x(1, 1, 0), idx.get(1, 1, 1));
    }

    @Test
    void expandPadFlip() {
        Tensor col = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor e = col.expand(2, 3, 4);
        assertArrayEquals(new int[] {2, 3, 4}, e.shape());
        assertEquals(3, e.get(1, 2, 3));
        Tensor p = X.pad(1, 1, 2);
        assertArrayEquals(new int[] {2, 6, 4}, p.shape());
        assertEquals(0, p.get(0, 0, 0));
        assertEquals(x(1, 2, 1), p.get(1, 3, 1));
        assertEquals(0, p.get(1, 5, 3));
        Tensor f = X.flip(0, 2);
        assertEquals(x(1, 1, 3), f.get(0, 1, 0));
        assertEquals(x(0, 2, 0), f.get(1, 2, 3));
    }

    @Test
    void catAndStack() {
        Tensor a = Tensor.ones(DType.FLOAT64, 2, 1);
        Tensor b = Tensor.complex(new double[] {5, 6, 7, 8}, new double[] {1, 1, 1, 1}, 2, 2);
        Tensor c = Tensor.cat(1, a, b);
        assertEquals(DType.COMPLEX128, c.dtype());
        assertArrayEquals(new double[] {1, 5, 6, 1, 7, 8}, c.toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 1, 0, 1, 1}, c.imagToDoubleArray());
        Tensor s = Tensor.stack(1, Tensor.of(new double[] {1, 2}), Tensor.of(new double[] {3, 4}));
        assertArrayEquals(new int[] {2, 2}, s.shape());
        assertArrayEquals(new double[] {1, 3, 2, 4}, s.toDoubleArray());
    }

    @Test
    void squeezeUnsqueeze() {
        assertArrayEquals(new int[] {2, 1, 3, 4}, X.unsqueeze(1).shape());
        assertArrayEquals(new int[] {2, 3, 4, 1}, X.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {2, 3, 4}, X.unsqueeze(0).squeeze(0).shape());
    }

    @Test
    void indexSelectGradientAddsRepeats() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 3, 2).requiresGrad(true);
        w.indexSelect(0, 2, 2, 0).sum().backward();
        assertArrayEquals(new double[] {1, 1, 0, 0, 2, 2}, w.grad().toDoubleArray());
        Tensor v = Tensor.zeros(DType.FLOAT64, 3, 1).requiresGrad(true);
        v.expand(2, 3, 5).sum().backward();
        assertArrayEquals(new double[] {10, 10, 10}, v.grad().toDoubleArray());
    }
}

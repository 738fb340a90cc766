package dev.s4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Creation, metadata, dtype promotion and the no-mutation rule. */
class TensorTest {

    @Test
    void creationHelpersFillShapesAndValues() {
        Tensor z = Tensor.zeros(2, 3);
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertEquals(DType.FLOAT32, z.dtype());
        assertEquals(6, z.numel());
        assertArrayEquals(new double[6], z.toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1, 1}, Tensor.ones(DType.FLOAT64, 4).toDoubleArray());
        assertArrayEquals(new double[] {2.5, 2.5}, Tensor.full(2.5, DType.COMPLEX64, 2).toDoubleArray());
        assertArrayEquals(new double[] {0, 0}, Tensor.full(2.5, DType.COMPLEX64, 2).imagToDoubleArray());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(DType.FLOAT64, 1, 3, 0.5).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2}, Tensor.arange(3).toDoubleArray());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(DType.FLOAT64, 0, 1, 5).toDoubleArray(), 1e-15);
        Tensor c = Tensor.complex(new double[] {1, 2}, new double[] {3, 4});
        assertEquals(DType.COMPLEX128, c.dtype());
        assertEquals(2, c.get(1));
        assertEquals(4, c.getImag(1));
        assertEquals(0, Tensor.scalar(7, DType.FLOAT32).rank());
        assertEquals(7, Tensor.scalar(7, DType.FLOAT32).item());
    }

    @Test
    void fromArraysCopiesTheInput() {
        double[] data = {1, 2, 3, 4};
        Tensor t = Tensor.of(data, 2, 2);
        data[0] = 99;
        assertEquals(1, t.get(0, 0));
        assertEquals(4, t.get(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
    }

    @Test
    void randomTensorsAreReproducibleFromTheSeed() {
        Tensor a = Tensor.randn(new Generator(42), 100);
        Tensor b = Tensor.randn(new Generator(42), 100);
        Tensor c = Tensor.randn(new Generator(43), 100);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
        assertNotEquals(a.toDoubleArray()[0], c.toDoubleArray()[0]);
        Tensor u = Tensor.rand(new Generator(1), 1000);
        for (double v : u.toDoubleArray()) {
            assertTrue(v >= 0 && v < 1);
        }
        // complex normal: E|z|² = 1
        Tensor z = Tensor.randn(new Generator(5), DType.COMPLEX128, 20000);
        double power = z.abs().pow(2).mean().item();
        assertEquals(1, power, 0.05);
    }

    @Test
    void dtypesPromoteLikePyTorch() {
        assertEquals(DType.FLOAT64, DType.promote(DType.FLOAT32, DType.FLOAT64));
        assertEquals(DType.COMPLEX64, DType.promote(DType.FLOAT32, DType.COMPLEX64));
        assertEquals(DType.COMPLEX128, DType.promote(DType.FLOAT64, DType.COMPLEX64));
        assertEquals(DType.COMPLEX128, DType.promote(DType.COMPLEX128, DType.FLOAT32));
        Tensor f32 = Tensor.ones(2);
        Tensor f64 = Tensor.ones(DType.FLOAT64, 2);
        Tensor c64 = Tensor.ones(DType.COMPLEX64, 2);
        assertEquals(DType.FLOAT64, f32.add(f64).dtype());
        assertEquals(DType.COMPLEX64, f32.mul(c64).dtype());
        assertEquals(DType.COMPLEX128, f64.sub(c64).dtype());
        // scalars keep the tensor's precision
        assertEquals(DType.FLOAT32, f32.mul(2.0).dtype());
        assertEquals(DType.COMPLEX64, c64.add(1.0).dtype());
    }

    @Test
    void conversionsKeepValuesAndDropImaginaryPartsOnlyWhenAskedForReal() {
        Tensor c = Tensor.complex(new double[] {1.5, -2}, new double[] {0.5, 3});
        assertArrayEquals(new double[] {1.5, -2}, c.to(DType.FLOAT32).toDoubleArray());
        Tensor back = c.to(DType.COMPLEX64).to(DType.COMPLEX128);
        assertArrayEquals(new double[] {0.5, 3}, back.imagToDoubleArray());
        assertSame(c, c.to(DType.COMPLEX128));
        assertEquals((float) 0.1, Tensor.of(new double[] {0.1}).to(DType.FLOAT32).toFloatArray()[0]);
    }

    @Test
    void opsNeverWriteIntoTheirInputs() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        double[] before = a.toDoubleArray();
        a.add(1);
        a.mul(a);
        a.exp();
        a.reshape(4).neg();
        a.transpose(0, 1);
        a.pad(0, 1, 1);
        a.cumsum(1);
        a.sum(new int[] {0}, false);
        assertArrayEquals(before, a.toDoubleArray());
        // a reshape shares storage, the others copy
        assertSame(a.storage(), a.reshape(4).storage());
        assertNotEquals(a.storage(), a.transpose(0, 1).storage());
    }

    @Test
    void toStringShowsShapeDtypeAndValues() {
        String s = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).toString();
        assertTrue(s.contains("(2, 2)") && s.contains("FLOAT64") && s.contains("[[1.00000, 2.00000], [3.00000, 4.00000]]"), s);
        String big = Tensor.zeros(100).toString();
        assertTrue(big.contains("94 more"), big);
        String c = Tensor.complex(new double[] {1}, new double[] {-2}, 1).toString();
        assertTrue(c.contains("1.00000-2.00000i"), c);
    }

    @Test
    void indexingChecksBounds() {
        Tensor t = Tensor.zeros(2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.get(1, 3));
        assertTrue(e.getMessage().contains("axis 1") && e.getMessage().contains("(2, 3)"), e.getMessage());
        IllegalStateException item = assertThrows(IllegalStateException.class, t::item);
        assertTrue(item.getMessage().contains("(2, 3)"), item.getMessage());
    }
}

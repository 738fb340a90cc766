package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.randn;
import static dev.s4j.autograd.TestTensors.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Batched solves: residuals, broadcasting, precision and singular matrices. */
class LinalgTest {

    private static Tensor wellConditioned(long seed, DType dt, int batch, int n) {
        Tensor eye = Tensor.zeros(DType.FLOAT64, n, n);
        for (int i = 0; i < n; i++) {
            eye.storage().setRe(i * n + i, n);
        }
        return randn(seed, dt, batch, n, n).add(eye.to(dt));
    }

    @ParameterizedTest(name = "{0} N={1}")
    @CsvSource({"FLOAT64, 1", "FLOAT64, 7", "FLOAT64, 64", "COMPLEX128, 5", "COMPLEX128, 40"})
    void solutionsSatisfyTheSystem(DType dt, int n) {
        Tensor a = wellConditioned(1, dt, 3, n);
        Tensor b = randn(2, dt, 3, n, 4);
        Tensor x = Linalg.solve(a, b);
        assertTrue(relativeError(b, a.matmul(x)) < 1e-12);
    }

    @Test
    void batchAxesBroadcastAndFloat32RoundsTheFloat64Solution() {
        Tensor a = wellConditioned(3, DType.FLOAT64, 1, 6).reshape(6, 6);
        Tensor b = randn(4, DType.FLOAT64, 5, 6, 2);
        Tensor x = Linalg.solve(a, b);
        assertArrayEquals(new int[] {5, 6, 2}, x.shape());
        assertTrue(relativeError(b, a.matmul(x)) < 1e-12);
        Tensor x32 = Linalg.solve(a.to(DType.FLOAT32), b.to(DType.FLOAT32));
        assertTrue(x32.dtype() == DType.FLOAT32 && relativeError(x, x32) < 1e-6);
    }

    @Test
    void singularMatricesAreNamed() {
        Tensor a = Tensor.of(new double[] {1, 2, 2, 4, 1, 0, 0, 1}, 2, 2, 2);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> Linalg.solve(a, Tensor.ones(DType.FLOAT64, 2, 2, 1)));
        assertTrue(e.getMessage().contains("matrix 0") && e.getMessage().contains("singular"), e.getMessage());
    }
}

package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.randn;
import static dev.s4j.autograd.TestTensors.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Matrix products against a triple loop in double precision, across sizes that hit every kernel edge. */
class MatMulTest {

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of(1, 1, 1), Arguments.of(3, 5, 7), Arguments.of(4, 32, 16), Arguments.of(5, 33, 17),
                Arguments.of(64, 64, 64), Arguments.of(67, 129, 31), Arguments.of(256, 128, 300), Arguments.of(2, 1000, 3),
                Arguments.of(1, 128, 256), Arguments.of(3, 37, 70));
    }

    /** C = A·B for A (M, K), B (K, N) in double. */
    private static Tensor naive(Tensor a, Tensor b) {
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        Storage c = Storage.allocate(DType.promote(a.dtype(), b.dtype()).isComplex() ? DType.COMPLEX128 : DType.FLOAT64, m * n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double re = 0;
                double im = 0;
                for (int q = 0; q < k; q++) {
                    double ar = a.storage().re(i * k + q);
                    double ai = a.storage().im(i * k + q);
                    double br = b.storage().re(q * n + j);
                    double bi = b.storage().im(q * n + j);
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                c.setRe(i * n + j, re);
                if (c.isComplex()) {
                    c.setIm(i * n + j, im);
                }
            }
        }
        return new Tensor(c, m, n);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void realProductsMatchTheTripleLoop(int m, int k, int n) {
        Tensor a64 = randn(1, DType.FLOAT64, m, k);
        Tensor b64 = randn(2, DType.FLOAT64, k, n);
        Tensor ref = naive(a64, b64);
        assertTrue(relativeError(ref, a64.matmul(b64)) < 1e-13);
        Tensor got32 = a64.to(DType.FLOAT32).matmul(b64.to(DType.FLOAT32));
        double err = relativeError(ref, got32);
        assertTrue(err < 1e-5, "float32 relative error " + err);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void transposedProductsUsedByBackwardMatch(int m, int k, int n) {
        Tensor a = randn(3, DType.FLOAT32, k, m);   // stored transposed
        Tensor b = randn(4, DType.FLOAT32, n, k);   // stored transposed
        Tensor ref = naive(a.to(DType.FLOAT64).transpose(0, 1), b.to(DType.FLOAT64).transpose(0, 1));
        Tensor got = MatMul.product(a, true, b, true);
        assertTrue(relativeError(ref, got) < 1e-5, "error " + relativeError(ref, got));
        // A·Bᵀ with A stored as is (a linear layer on a few rows) and Aᵀ·B
        Tensor rows = randn(10, DType.FLOAT32, m, k);
        Tensor refRows = naive(rows.to(DType.FLOAT64), b.to(DType.FLOAT64).transpose(0, 1));
        assertTrue(relativeError(refRows, MatMul.product(rows, false, b, true)) < 1e-5);
        Tensor plain = randn(11, DType.FLOAT32, k, n);
        Tensor refT = naive(a.to(DType.FLOAT64).transpose(0, 1), plain.to(DType.FLOAT64));
        assertTrue(relativeError(refT, MatMul.product(a, true, plain, false)) < 1e-5);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void complexProductsAndAdjoints(int m, int k, int n) {
        Tensor a = randn(5, DType.COMPLEX128, m, k);
        Tensor b = randn(6, DType.COMPLEX128, k, n);
        assertTrue(relativeError(naive(a, b), a.matmul(b)) < 1e-13);
        // (Aᴴ)·B with A stored (K, M)
        Tensor at = randn(7, DType.COMPLEX64, k, m);
        Tensor ref = naive(at.to(DType.COMPLEX128).transpose(0, 1).conj(), b);
        assertTrue(relativeError(ref, MatMul.product(at, true, b.to(DType.COMPLEX64), false)) < 1e-5);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void batchAxesBroadcast(int m, int k, int n) {
        Tensor a = randn(8, DType.FLOAT32, 3, 1, m, k);
        Tensor b = randn(9, DType.FLOAT32, 2, k, n);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {3, 2, m, n}, c.shape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                Tensor ref = naive(a.select(0, i).select(0, 0).to(DType.FLOAT64), b.select(0, j).to(DType.FLOAT64));
                assertTrue(relativeError(ref, c.select(0, i).select(0, j)) < 1e-5);
            }
        }
    }

    @Test
    void twoVectorsGiveTheirDotProduct() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {4, -5, 6});
        Tensor d = a.matmul(b);
        assertArrayEquals(new int[0], d.shape());
        assertTrue(d.item() == 4 - 10 + 18);
        d.backward();
        assertArrayEquals(b.toDoubleArray(), a.grad().toDoubleArray());
        assertArrayEquals(new int[] {2}, randn(1, DType.FLOAT64, 3, 2).transpose(0, 1).matmul(b).shape());
    }

    /**
     * Once compiled, a product allocates little more than its output: the vector kernels keep
     * their vectors in registers (a boxed vector per step would cost megabytes here).
     */
    @Test
    void compiledProductsAllocateOnlyTheirOutput() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Tensor a = randn(10, DType.FLOAT32, 67, 129);
        Tensor b = randn(11, DType.FLOAT32, 129, 45);
        long output = 4L * 67 * 45;
        int before = Parallel.threads();
        Parallel.setThreads(1);
        StringBuilder seen = new StringBuilder();
        try {
            for (int attempt = 0; attempt < 2000; attempt++) {
                long start = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                a.matmul(b);
                long used = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - start;
                if (used < 4 * output) {
                    return;
                }
                if (attempt % 100 == 0) {
                    seen.append(used).append(' ');
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
        throw new AssertionError("every product allocated more than " + 4 * output + " bytes: " + seen);
    }
}

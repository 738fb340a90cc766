package dev.s4j.autograd;

import static dev.s4j.autograd.TestTensors.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.s4j.autograd.ops.Cauchy;
import dev.s4j.autograd.ops.Fft;
import dev.s4j.autograd.ops.Normalization;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared pool: coverage of ranges, failures, nesting, and results independent of the thread count. */
class ParallelTest {
    private final int initial = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(initial);
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        Parallel.setThreads(3);
        for (int n : new int[] {0, 1, 7, 1000, 100_003}) {
            for (int grain : new int[] {1, 64, 1 << 20}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Parallel.range(n, grain, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "index " + i + " of " + n);
                }
            }
        }
    }

    @Test
    void failuresPropagateAndNestedRangesRunInline() {
        Parallel.setThreads(2);
        assertThrows(IllegalStateException.class, () -> Parallel.range(100, 1, (from, to) -> {
            if (from > 50) {
                throw new IllegalStateException("boom");
            }
        }));
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        Parallel.range(10, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i;
                Parallel.range(10, 1, (a, b) -> {
                    for (int j = a; j < b; j++) {
                        hits.incrementAndGet(row * 10 + j);
                    }
                });
            }
        });
        for (int i = 0; i < 100; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    /** A small computation touching every parallel kernel, forward and backward. */
    private static double[] workload() {
        Tensor a = randn(1, DType.FLOAT32, 4, 64, 96).requiresGrad(true);
        Tensor b = randn(2, DType.FLOAT32, 96, 80).requiresGrad(true);
        Tensor v = randn(3, DType.COMPLEX64, 4, 16, 32).requiresGrad(true);
        Tensor w = randn(4, DType.COMPLEX64, 16, 32).sub(2).requiresGrad(true);
        Tensor z = randn(5, DType.COMPLEX64, 2000);
        Tensor h = a.matmul(b).gelu();
        h = Normalization.layerNorm(h, 1, null, null, 1e-5);
        Tensor k = Cauchy.apply(v, z, w, true).abs().sum(new int[] {0, 1}, false);
        Tensor conv = Fft.irfft(Fft.rfft(h, 160).mul(Fft.rfft(k.slice(0, 0, 80), 160)), 160);
        Tensor loss = conv.pow(2).mean().add(h.sum(new int[] {0, 1}, false).mean());
        loss.backward();
        double[] out = new double[4];
        out[0] = loss.item();
        out[1] = a.grad().sum().item();
        out[2] = v.grad().abs().sum().item();
        out[3] = w.grad().abs().sum().item();
        return out;
    }

    @Test
    void resultsAreBitwiseIdenticalForAnyThreadCount() {
        Parallel.setThreads(1);
        double[] one = workload();
        Parallel.setThreads(2);
        double[] two = workload();
        Parallel.setThreads(5);
        double[] five = workload();
        assertArrayEquals(one, two);
        assertArrayEquals(one, five);
    }
}

package dev.s4j.autograd.accel;

import static dev.s4j.autograd.TestTensors.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Cauchy;
import dev.s4j.autograd.ops.Fft;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Backend selection through ServiceLoader, probing, and falling back to the CPU. */
class AcceleratorsTest {

    @Test
    void unusableBackendsAreReportedAndTheCpuIsChosen() {
        assertSame(CpuAccelerator.INSTANCE, Accelerators.choose(""));
        String report = String.join("\n", Accelerators.report());
        assertTrue(report.contains("unusable-test: not usable: no device (test backend)"), report);
        assertTrue(report.contains("active: cpu"), report);
    }

    @Test
    void aRequestedBackendThatIsMissingFallsBackToTheCpu() {
        assertSame(CpuAccelerator.INSTANCE, Accelerators.choose("nonexistent"));
        assertTrue(String.join("\n", Accelerators.report()).contains("requested accelerator 'nonexistent' is not available"));
        assertSame(CpuAccelerator.INSTANCE, Accelerators.choose("cpu"));
    }

    /** A usable backend that declines every job, counting them. */
    static class Declining implements Accelerator {
        final AtomicInteger seen = new AtomicInteger();

        @Override
        public String name() {
            return "declining";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public String probe() {
            return null;
        }

        @Override
        public boolean fft(FftJob job) {
            seen.incrementAndGet();
            return false;
        }

        @Override
        public boolean cauchy(CauchyJob job, Storage out) {
            seen.incrementAndGet();
            return false;
        }

        @Override
        public boolean cauchyBackward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz) {
            seen.incrementAndGet();
            return false;
        }
    }

    @Test
    void declinedJobsRunOnTheCpuWithTheSameResults() {
        Tensor x = randn(1, DType.FLOAT32, 3, 16);
        Tensor v = randn(2, DType.COMPLEX64, 2, 8).requiresGrad(true);
        Tensor w = randn(3, DType.COMPLEX64, 2, 8).sub(3);
        Tensor z = randn(4, DType.COMPLEX64, 20);
        Tensor fftCpu = Fft.rfft(x, 16);
        Tensor cauchyCpu = Cauchy.apply(v, z, w, true);
        cauchyCpu.abs().sum().backward();
        Tensor gradCpu = v.grad();
        v.zeroGrad();
        Declining declining = new Declining();
        assertTrue(Accelerators.use(declining));
        try {
            Tensor f = Fft.rfft(x, 16);
            assertArrayEquals(fftCpu.toDoubleArray(), f.toDoubleArray());
            assertArrayEquals(fftCpu.imagToDoubleArray(), f.imagToDoubleArray());
            Tensor y = Cauchy.apply(v, z, w, true);
            assertArrayEquals(cauchyCpu.toDoubleArray(), y.toDoubleArray());
            assertArrayEquals(cauchyCpu.imagToDoubleArray(), y.imagToDoubleArray());
            y.abs().sum().backward();
            assertArrayEquals(gradCpu.toDoubleArray(), v.grad().toDoubleArray());
            assertArrayEquals(gradCpu.imagToDoubleArray(), v.grad().imagToDoubleArray());
            assertTrue(declining.seen.get() >= 3, "jobs offered: " + declining.seen.get());
        } finally {
            Accelerators.use(CpuAccelerator.INSTANCE);
        }
    }

    @Test
    void aBackendWhoseProbeFailsOrThrowsIsNotInstalled() {
        Accelerator throwing = new Declining() {
            @Override
            public String probe() {
                throw new UnsatisfiedLinkError("no libOpenCL");
            }
        };
        assertFalse(Accelerators.use(throwing));
        assertFalse(Accelerators.use(new UnusableTestAccelerator()));
        assertSame(CpuAccelerator.INSTANCE, Accelerators.active());
    }
}

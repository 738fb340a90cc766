package dev.s4j.autograd.accel;

import static dev.s4j.autograd.TestTensors.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Cauchy;
import dev.s4j.autograd.ops.Fft;
import dev.s4j.autograd.ops.FftConvolution;
import dev.s4j.autograd.ops.Vandermonde;
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

        @Override
        public boolean vandermonde(VandermondeJob job, Storage out) {
            seen.incrementAndGet();
            return false;
        }

        @Override
        public boolean vandermondeBackward(VandermondeJob job, Storage g, Storage gc, Storage gz) {
            seen.incrementAndGet();
            return false;
        }

        @Override
        public ConvolutionPlan convolution(ConvolutionJob job) {
            seen.incrementAndGet();
            return null;
        }
    }

    /** A usable backend whose jobs write garbage into their outputs, then fail (its plans fail in backward). */
    static final class Failing extends Declining {
        @Override
        public String name() {
            return "failing";
        }

        private boolean fail(Storage out) {
            seen.incrementAndGet();
            for (int i = 0; i < out.length(); i++) {
                out.setRe(i, Double.NaN);
            }
            throw new IllegalStateException("device lost");
        }

        @Override
        public boolean cauchy(CauchyJob job, Storage out) {
            return fail(out);
        }

        @Override
        public boolean vandermonde(VandermondeJob job, Storage out) {
            return fail(out);
        }

        @Override
        public ConvolutionPlan convolution(ConvolutionJob job) {
            ConvolutionPlan cpu = CpuAccelerator.INSTANCE.convolution(job);
            return new ConvolutionPlan() {
                @Override
                public void forward(Storage u, Storage y) {
                    cpu.forward(u, y);
                }

                @Override
                public void backward(Storage u, Storage g, Storage gu, Storage gk) {
                    fail(gk);
                }
            };
        }
    }

    @Test
    void aBackendThatFailsMidRunIsTakenOutOfUseAndItsJobsRerunOnTheCpu() {
        Tensor v = randn(2, DType.COMPLEX64, 2, 8);
        Tensor w = randn(3, DType.COMPLEX64, 2, 8).sub(3);
        Tensor z = randn(4, DType.COMPLEX64, 20);
        Tensor c = randn(5, DType.COMPLEX64, 2, 4);
        Tensor bases = randn(6, DType.COMPLEX64, 2, 4).mul(0.3);
        Tensor u = randn(7, DType.FLOAT32, 2, 3, 10);
        Tensor k = randn(8, DType.FLOAT32, 1, 3, 10).requiresGrad(true);
        double[] cauchyCpu = Cauchy.apply(v, z, w, true).toDoubleArray();
        double[] vandermondeCpu = Vandermonde.apply(c, bases, 30).toDoubleArray();
        FftConvolution.apply(u, k, 32).sum().backward();
        double[] gradCpu = k.grad().toDoubleArray();
        k.zeroGrad();

        Failing failing = new Failing();
        assertTrue(Accelerators.use(failing));
        try {
            Tensor conv = FftConvolution.apply(u, k, 32);                       // planned by the backend
            assertArrayEquals(cauchyCpu, Cauchy.apply(v, z, w, true).toDoubleArray());   // fails, rerun on the CPU
            assertSame(CpuAccelerator.INSTANCE, Accelerators.active());
            assertTrue(String.join("\n", Accelerators.report()).contains("failing: failed during a Cauchy kernel"
                    + " (java.lang.IllegalStateException: device lost); the CPU runs every job from now on"));
            int offered = failing.seen.get();
            assertArrayEquals(vandermondeCpu, Vandermonde.apply(c, bases, 30).toDoubleArray());
            conv.sum().backward();                                              // the plan's backend failed: its pass runs on the CPU
            assertArrayEquals(gradCpu, k.grad().toDoubleArray());
            assertEquals(offered, failing.seen.get(), "a failed backend receives nothing more, not even from an earlier plan");
        } finally {
            Accelerators.use(CpuAccelerator.INSTANCE);
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
            Tensor c = randn(5, DType.COMPLEX64, 2, 4);
            Tensor bases = randn(6, DType.COMPLEX64, 2, 4).mul(0.3);
            Vandermonde.apply(c, bases, 30);
            FftConvolution.apply(x.reshape(1, 3, 16), x.reshape(1, 3, 16), 32);
            assertTrue(declining.seen.get() >= 5, "jobs offered: " + declining.seen.get());
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

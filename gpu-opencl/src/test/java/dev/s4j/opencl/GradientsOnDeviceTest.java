package dev.s4j.opencl;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.GradCheck;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.ops.Cauchy;
import dev.s4j.autograd.ops.Fft;
import dev.s4j.autograd.ops.FftConvolution;
import dev.s4j.autograd.ops.Vandermonde;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ops' gradients pass GradCheck (float64, complex included) with their jobs running on the device. */
class GradientsOnDeviceTest {

    @BeforeAll
    static void useTheDevice() {
        OpenClAccelerator acc = TestDevice.require();
        assumeTrue(TestDevice.fp64(), "gradient checks run in float64, which needs cl_khr_fp64");
        assertTrue(Accelerators.use(acc));
    }

    @AfterAll
    static void backToTheCpu() {
        Accelerators.use(CpuAccelerator.INSTANCE);
    }

    private static Tensor randn(long seed, DType dtype, int... shape) {
        return Tensor.randn(new Generator(seed), dtype, shape);
    }

    private static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        assertSame(TestDevice.ACCELERATOR, Accelerators.active(), "the device must be in use");
        long ran = TestDevice.ACCELERATOR.jobsRun();
        GradCheck.Report r = GradCheck.check(f, inputs);
        assertTrue(TestDevice.ACCELERATOR.jobsRun() > ran, "the jobs ran on the device");
        assertTrue(r.passed(), r.message());
        assertTrue(r.comparisons() > 0, "nothing was compared");
        assertSame(TestDevice.ACCELERATOR, Accelerators.active(), "the device failed during the check");
    }

    @Test
    void cauchy() {
        Tensor v = randn(1, DType.COMPLEX128, 2, 3, 5).requiresGrad(true);
        Tensor w = randn(2, DType.COMPLEX128, 3, 5).sub(2).requiresGrad(true);
        Tensor z = randn(3, DType.COMPLEX128, 3, 7).requiresGrad(true);
        check(t -> Cauchy.apply(t[0], t[1], t[2], true).abs().sum(), v, z, w);
        check(t -> Cauchy.apply(t[0], t[1], t[2], false).real().sum(), v, z, w);
    }

    @Test
    void vandermonde() {
        Tensor c = randn(4, DType.COMPLEX128, 2, 3, 4).requiresGrad(true);
        Tensor z = randn(5, DType.COMPLEX128, 3, 4).mul(0.3).requiresGrad(true);
        check(t -> Vandermonde.apply(t[0], t[1], 70).pow(2).sum(), c, z);
    }

    @Test
    void fftConvolution() {
        Tensor u = randn(6, DType.FLOAT64, 2, 3, 10).requiresGrad(true);
        Tensor k = randn(7, DType.FLOAT64, 2, 3, 12).requiresGrad(true);
        check(t -> FftConvolution.apply(t[0], t[1], 32).pow(2).sum(), u, k);
    }

    @Test
    void ffts() {
        Tensor x = randn(8, DType.FLOAT64, 3, 12).requiresGrad(true);
        check(t -> Fft.rfft(t[0], 12).abs().sum(), x);
        Tensor c = randn(9, DType.COMPLEX128, 2, 16).requiresGrad(true);
        check(t -> Fft.irfft(Fft.fft(t[0], 16).slice(-1, 0, 9), 16).pow(2).sum(), c);
        check(t -> Fft.ifft(t[0], 15).abs().sum(), c);
    }
}

package dev.s4j.opencl;

import static dev.s4j.opencl.TestDevice.assertClose;
import static dev.s4j.opencl.TestDevice.random;
import static dev.s4j.opencl.TestDevice.tolerance;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;
import dev.s4j.autograd.accel.CpuAccelerator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fused FFT convolution on the device, forward and backward, against the CPU backend. */
class ConvolutionOnDeviceTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            b.add(Arguments.of(dtype, 1, 1, 1, 1, 1, 2, 0L));
            b.add(Arguments.of(dtype, 3, 1, 5, 255, 255, 512, 0L));        // odd batch, causal (n ≥ L + M − 1)
            b.add(Arguments.of(dtype, 2, 2, 3, 100, 128, 128, 0L));        // two channels, a kernel of n taps (bidirectional)
            b.add(Arguments.of(dtype, 4, 1, 7, 1024, 1024, 2048, 1L << 14)); // rows in chunks of 2, 2, 2, 1
            b.add(Arguments.of(dtype, 1, 1, 2, 16384, 16384, 32768, 0L));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} B={1} C={2} H={3} L={4} M={5} n={6} chunk elements={7}")
    @MethodSource("cases")
    void passesMatchTheCpu(DType dtype, int b, int c, int h, int l, int m, int n, long chunkElements) {
        TestDevice.require();
        assumeTrue(!dtype.isDoublePrecision() || TestDevice.fp64(), "no cl_khr_fp64");
        OpenClRuntime.Session s = OpenClRuntime.current();
        Random random = new Random(b * 1000L + l);
        Storage k = random(random, dtype, c * h * m, 0);
        Storage u = random(random, dtype, b * h * l, 0);
        ConvolutionJob job = new ConvolutionJob(b, c, h, l, m, n, k);
        ConvolutionPlan cpu = CpuAccelerator.INSTANCE.convolution(job);
        ConvolutionPlan dev = chunkElements > 0 ? new ClConvolution(s.device(), job, chunkElements) : new ClConvolution(s.device(), job);
        Storage yc = Storage.allocate(dtype, b * c * h * l);
        Storage yd = Storage.allocate(dtype, b * c * h * l);
        cpu.forward(u, yc);
        dev.forward(u, yd);
        assertClose("y", yc, yd, tolerance(dtype));

        Storage g = random(random, dtype, b * c * h * l, 0);
        Storage[] x = {Storage.allocate(dtype, b * h * l), Storage.allocate(dtype, c * h * m)};
        Storage[] y = {Storage.allocate(dtype, b * h * l), Storage.allocate(dtype, c * h * m)};
        cpu.backward(u, g, x[0], x[1]);
        dev.backward(u, g, y[0], y[1]);
        assertClose("grad u", x[0], y[0], tolerance(dtype));
        assertClose("grad k", x[1], y[1], tolerance(dtype));
        Storage onlyK = Storage.allocate(dtype, c * h * m);
        dev.backward(u, g, null, onlyK);
        assertClose("grad k alone", x[1], onlyK, tolerance(dtype));
    }

    @Test
    void theAcceleratorTakesPowerOfTwoLengthsOnly() {
        OpenClAccelerator acc = TestDevice.require();
        Storage k = Storage.allocate(DType.FLOAT32, 10);
        assertNotNull(acc.convolution(new ConvolutionJob(1, 1, 1, 10, 10, 32, k)));
        assertNull(acc.convolution(new ConvolutionJob(1, 1, 1, 10, 10, 30, k)));
    }
}

package dev.s4j.opencl;

import static dev.s4j.opencl.TestDevice.assertClose;
import static dev.s4j.opencl.TestDevice.random;
import static dev.s4j.opencl.TestDevice.tolerance;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.accel.VandermondeJob;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Vandermonde product of S4D and its gradients on the device against the CPU backend. */
class VandermondeOnDeviceTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (DType[] t : new DType[][] {{DType.COMPLEX64, DType.COMPLEX64}, {DType.COMPLEX64, DType.COMPLEX128},
                {DType.COMPLEX128, DType.COMPLEX128}}) {
            for (int l : new int[] {1, 2, 3, 255, 1024, 16384}) {
                b.add(Arguments.of(t[0], t[1], 2, 3, 8, l));
                b.add(Arguments.of(t[0], t[1], 1, 4, 7, l));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "c {0}, z {1}: M={2} R={3} N={4} L={5}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheCpu(DType cType, DType zType, int m, int r, int n, int l) {
        OpenClAccelerator acc = TestDevice.require();
        assumeTrue(TestDevice.fp64(), "the Vandermonde product needs cl_khr_fp64");
        Random random = new Random(l * 13L + n);
        Storage c = random(random, cType, m * r * n, 0);
        Storage z = Storage.allocate(zType, r * n);
        for (int i = 0; i < r * n; i++) {
            // S4D's bases exp(ΔA): inside the unit circle, some very close to it (long memory), and one 0
            double radius = i == 0 ? 0 : Math.exp(-0.001 * Math.pow(10, 3 * random.nextDouble()));
            double angle = Math.PI * random.nextDouble();
            z.setRe(i, radius * Math.cos(angle));
            z.setIm(i, radius * Math.sin(angle));
        }
        VandermondeJob job = new VandermondeJob(m, r, n, l, c, z);
        DType real = cType.toReal();
        Storage cpu = Storage.allocate(real, m * r * l);
        Storage dev = Storage.allocate(real, m * r * l);
        CpuAccelerator.INSTANCE.vandermonde(job, cpu);
        assertTrue(acc.vandermonde(job, dev), "the device declined the job");
        assertClose("forward", cpu, dev, tolerance(cType));

        Storage g = random(random, real, m * r * l, 0);
        Storage[] a = {Storage.allocate(cType, m * r * n), Storage.allocate(zType, r * n)};
        Storage[] d = {Storage.allocate(cType, m * r * n), Storage.allocate(zType, r * n)};
        CpuAccelerator.INSTANCE.vandermondeBackward(job, g, a[0], a[1]);
        assertTrue(acc.vandermondeBackward(job, g, d[0], d[1]), "the device declined the gradient job");
        assertClose("grad c", a[0], d[0], tolerance(cType));
        assertClose("grad z", a[1], d[1], tolerance(cType));
    }
}

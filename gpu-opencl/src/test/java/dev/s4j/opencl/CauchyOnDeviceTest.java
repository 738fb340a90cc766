package dev.s4j.opencl;

import static dev.s4j.opencl.TestDevice.assertClose;
import static dev.s4j.opencl.TestDevice.random;
import static dev.s4j.opencl.TestDevice.tolerance;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CauchyJob;
import dev.s4j.autograd.accel.CpuAccelerator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Cauchy kernel and its gradients on the device against the CPU backend. */
class CauchyOnDeviceTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (DType dtype : new DType[] {DType.COMPLEX64, DType.COMPLEX128}) {
            for (int l : new int[] {1, 2, 3, 255, 1024, 16384}) {
                b.add(Arguments.of(dtype, 4, 3, 7, l, true, true));     // S4's shape: numerators share poles, one z
                b.add(Arguments.of(dtype, 1, 2, 8, l, false, false));   // per-row points, no pairs
            }
            b.add(Arguments.of(dtype, 3, 5, 1, 100, false, true));
            b.add(Arguments.of(dtype, 2, 1, 64, 300, true, false));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} M={1} R={2} N={3} L={4} sharedZ={5} pairs={6}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheCpu(DType dtype, int m, int r, int n, int l, boolean sharedZ, boolean pairs) {
        OpenClAccelerator acc = TestDevice.require();
        assumeTrue(!dtype.isDoublePrecision() || TestDevice.fp64(), "no cl_khr_fp64");
        Random random = new Random(31L * l + n);
        int zRows = sharedZ ? 1 : r;
        Storage v = random(random, dtype, m * r * n, 0);
        Storage w = random(random, dtype, r * n, 0);
        for (int i = 0; i < r * n; i++) {
            // poles of a stable SSM, at least 0.5 left of the points: a well-conditioned sum, whose
            // float32 results differ by rounding only (poles near the points amplify the rounding
            // of the inputs, on both sides alike)
            w.setRe(i, -0.5 - Math.abs(w.re(i)));
        }
        Storage z = Storage.allocate(dtype, zRows * l);
        for (int i = 0; i < zRows * l; i++) {
            z.setIm(i, 2 * Math.tan(Math.PI * (i % l) / (2.0 * l + 1)));    // S4's points 2i·tan(πk/L)
        }
        CauchyJob job = new CauchyJob(m, r, n, l, zRows, pairs, v, w, z);
        Storage cpu = Storage.allocate(dtype, m * r * l);
        Storage dev = Storage.allocate(dtype, m * r * l);
        CpuAccelerator.INSTANCE.cauchy(job, cpu);
        assertTrue(acc.cauchy(job, dev), "the device declined the job");
        assertClose("forward", cpu, dev, tolerance(dtype));

        Storage g = random(random, dtype, m * r * l, 0);
        Storage[] c = {Storage.allocate(dtype, m * r * n), Storage.allocate(dtype, r * n), Storage.allocate(dtype, zRows * l)};
        Storage[] d = {Storage.allocate(dtype, m * r * n), Storage.allocate(dtype, r * n), Storage.allocate(dtype, zRows * l)};
        CpuAccelerator.INSTANCE.cauchyBackward(job, g, c[0], c[1], c[2]);
        assertTrue(acc.cauchyBackward(job, g, d[0], d[1], d[2]), "the device declined the gradient job");
        assertClose("grad v", c[0], d[0], tolerance(dtype));
        assertClose("grad w", c[1], d[1], tolerance(dtype));
        assertClose("grad z", c[2], d[2], tolerance(dtype));
    }
}

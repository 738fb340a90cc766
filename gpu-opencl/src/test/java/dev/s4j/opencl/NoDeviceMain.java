package dev.s4j.opencl;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.ops.Cauchy;
import java.util.Arrays;

/**
 * Run in a child JVM by {@link FallbackTest}: chooses a backend, prints the selection report,
 * then checks that a Cauchy op gives the CPU's result.
 */
public final class NoDeviceMain {
    private NoDeviceMain() {
    }

    public static void main(String[] args) {
        Accelerators.select("auto");
        Accelerators.report().forEach(System.out::println);
        Tensor v = Tensor.randn(new Generator(1), DType.COMPLEX64, 2, 8);
        Tensor w = Tensor.randn(new Generator(2), DType.COMPLEX64, 2, 8).sub(3);
        Tensor z = Tensor.randn(new Generator(3), DType.COMPLEX64, 20);
        double[] active = Cauchy.apply(v, z, w, true).toDoubleArray();
        Accelerators.use(CpuAccelerator.INSTANCE);
        double[] cpu = Cauchy.apply(v, z, w, true).toDoubleArray();
        System.out.println("results: " + (Arrays.equals(active, cpu) ? "same" : "differ"));
    }
}

package dev.s4j.ssm.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.nn.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forward and backward of the S4 and S4D kernels at H = 256, N = 64, L = 16384 in float32. The
 * build runs this class in a JVM limited to 512 MiB of heap (execution "low-heap" of the ssm
 * module): it passing there shows the backward needs well under 1 GiB.
 */
class KernelMemoryTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"S4", "S4D"})
    void backwardAtLengthSixteenThousandFitsInHalfAGigabyte(String kind) {
        long max = Runtime.getRuntime().maxMemory();
        assumeTrue(max <= 600L << 20, "runs only in the low-heap execution (max heap " + (max >> 20) + " MiB)");
        KernelSpec spec = kind.equals("S4") ? NplrSpec.of(64) : DiagonalSpec.of(64);
        SsmKernel kernel = spec.build(256, 1, new Generator(1));
        Tensor weights = Tensor.randn(new Generator(2), DType.FLOAT32, 1, 256, 16384);
        Tensor k = kernel.kernel(16384);
        assertArrayEquals(new int[] {1, 256, 16384}, k.shape());
        k.mul(weights).sum().backward();
        for (Parameter p : ((Module) kernel).parameters()) {
            assertTrue(p.grad() != null && p.grad().storage().firstNonFinite() < 0, "gradient of a parameter");
        }
    }
}

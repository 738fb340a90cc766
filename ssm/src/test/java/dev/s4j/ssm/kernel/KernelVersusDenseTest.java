package dev.s4j.ssm.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.testing.Differences;
import dev.s4j.ssm.discretize.Discretization;
import dev.s4j.ssm.hippo.HippoMeasure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fast kernel equals C Ā^k B̄ computed densely in float64 from the same parameters:
 * within 1e-10 (relative to the largest entry) in float64 and 1e-5 in float32.
 */
class KernelVersusDenseTest {
    private static final int WIDTH = 2;
    private static final int CHANNELS = 2;

    private static void check(Tensor expected, Tensor actual, DType dtype, String what) {
        double err = Differences.relative(expected, actual);
        double tol = dtype == DType.FLOAT64 ? 1e-10 : 1e-5;
        assertTrue(err <= tol, what + ": relative error " + err + " > " + tol);
    }

    @ParameterizedTest(name = "S4 L={0}")
    @ValueSource(ints = {1, 2, 3, 255, 256, 1024, 4096, 16384})
    void s4(int length) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            NplrSpec spec = NplrSpec.of(8).withDtype(dtype);
            NplrKernel k = (NplrKernel) spec.build(WIDTH, CHANNELS, new Generator(length));
            Tensor fast = k.kernel(length);
            check(KernelReference.nplr(k, spec, length, 1), fast, dtype, "S4 " + dtype);
        }
    }

    /**
     * The other measures start with almost undamped modes, for which I − Ā^L is nearly singular:
     * the reference then evaluates the generating function itself, C̃(I − Āω)⁻¹B̄, densely.
     */
    @ParameterizedTest(name = "S4 {0} L={1}")
    @CsvSource({"LEGS, 256", "LEGT, 256", "LEGT, 1001", "LAGT, 300", "FOUT, 512"})
    void s4OtherMeasures(HippoMeasure measure, int length) {
        NplrSpec spec = NplrSpec.of(8).withMeasure(measure).withDtype(DType.FLOAT64);
        NplrKernel k = (NplrKernel) spec.build(WIDTH, CHANNELS, new Generator(7));
        check(KernelReference.nplrGenerating(k, spec, length), k.kernel(length), DType.FLOAT64, "S4 " + measure);
    }

    @ParameterizedTest(name = "S4D {0} {1} L={2}")
    @CsvSource({"LEGS, ZOH, 1", "LEGS, ZOH, 3", "LEGS, ZOH, 255", "LIN, ZOH, 256", "INV, ZOH, 1024", "LEGS, BILINEAR, 4096",
        "LIN, BILINEAR, 16384", "INV, ZOH, 16384", "LEGS, FORWARD_EULER, 200", "LEGS, BACKWARD_EULER, 2"})
    void s4d(DiagonalInit init, Discretization method, int length) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            DiagonalSpec spec = DiagonalSpec.of(8).withInit(init).withDiscretization(method).withDtype(dtype);
            DiagonalKernel k = (DiagonalKernel) spec.build(WIDTH, CHANNELS, new Generator(length));
            check(KernelReference.diagonal(k, spec, length, 1), k.kernel(length), dtype, "S4D " + dtype);
        }
    }

    @ParameterizedTest(name = "LSSL {0} L={1}")
    @CsvSource({"BILINEAR, 1", "BILINEAR, 2", "BILINEAR, 3", "BILINEAR, 255", "BILINEAR, 256", "BILINEAR, 1024", "BILINEAR, 4096",
        "BILINEAR, 16384", "ZOH, 255", "ZOH, 4096", "BACKWARD_EULER, 300", "FORWARD_EULER, 100"})
    void lssl(Discretization method, int length) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            DenseSpec spec = DenseSpec.of(8).withDiscretization(method).withDtype(dtype);
            DenseKernel k = (DenseKernel) spec.build(WIDTH, CHANNELS, new Generator(length));
            check(KernelReference.dense(k, spec, length, 1), k.kernel(length), dtype, "LSSL " + dtype);
        }
    }
}

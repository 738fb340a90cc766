package dev.s4j.ssm.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.GradCheck;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.nn.Module;
import dev.s4j.ssm.discretize.Discretization;
import dev.s4j.ssm.discretize.RealTransform;
import dev.s4j.ssm.hippo.HippoMeasure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Gradients of every kernel parameter against finite differences, in float64 at small sizes. */
class KernelGradientTest {

    private static void check(SsmKernel kernel, int length, double rate) {
        kernel.kernel(length, rate);   // ties S4's C̃ to the length before anything is perturbed
        Module m = (Module) kernel;
        GradCheck.Report r = GradCheck.checkLeaves(() -> kernel.kernel(length, rate),
                new GradCheck.Tolerance(1e-6, 1e-6, 1e-5), m.parameters());
        assertTrue(r.passed(), r.message());
    }

    @ParameterizedTest(name = "S4 {0} L={1} rate={2}")
    @CsvSource({"LEGS, 7, 1", "LEGS, 8, 1", "LEGT, 6, 1", "LEGS, 5, 0.5"})
    void s4(HippoMeasure measure, int length, double rate) {
        check(NplrSpec.of(4).withMeasure(measure).withDtype(DType.FLOAT64).build(2, 2, new Generator(1)), length, rate);
    }

    @ParameterizedTest(name = "S4D {0} {1}")
    @CsvSource({"ZOH, EXP", "BILINEAR, RELU", "ZOH, NONE"})
    void s4d(Discretization method, RealTransform transform) {
        check(DiagonalSpec.of(4).withDiscretization(method).withRealTransform(transform).withDtype(DType.FLOAT64)
                .build(2, 2, new Generator(2)), 9, 1);
    }

    @ParameterizedTest(name = "LSSL {0}")
    @CsvSource({"BILINEAR", "ZOH", "FORWARD_EULER"})
    void lssl(Discretization method) {
        check(DenseSpec.of(3).withDiscretization(method).withDtype(DType.FLOAT64).build(2, 2, new Generator(3)), 7, 1);
    }
}

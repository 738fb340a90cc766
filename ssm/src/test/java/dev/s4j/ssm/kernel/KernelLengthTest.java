package dev.s4j.ssm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.testing.Differences;
import org.junit.jupiter.api.Test;

/** S4's C̃ is tied to a length: longer kernels double it, shorter ones truncate, rates convert it — C never changes. */
class KernelLengthTest {

    private static NplrKernel kernel() {
        return (NplrKernel) NplrSpec.of(8).withDtype(DType.FLOAT64).build(2, 1, new Generator(11));
    }

    @Test
    void longerKernelsDoubleTheTiedLengthAndKeepTheOutputMatrix() {
        NplrKernel k = kernel();
        NplrSpec spec = NplrSpec.of(8).withDtype(DType.FLOAT64);
        assertEquals(0, k.maxLength());
        Tensor first = k.kernel(300);
        assertEquals(300, k.maxLength());
        assertTrue(Differences.relative(KernelReference.nplr(k, spec, 300, 1), first) < 1e-10);
        Tensor longer = k.kernel(1000);
        assertEquals(1200, k.maxLength());
        assertTrue(Differences.relative(KernelReference.nplr(k, spec, 1000, 1), longer) < 1e-10);
        // the first 300 values of the longer kernel are the earlier kernel: the system did not change
        assertTrue(Differences.relative(first, longer.slice(-1, 0, 300)) < 1e-10);
        Tensor shorter = k.kernel(50);
        assertEquals(1200, k.maxLength());
        assertTrue(Differences.relative(first.slice(-1, 0, 50), shorter) < 1e-10);
    }

    @Test
    void stepModeBeforeAnyConvolutionTiesTheDefaultLength() {
        NplrKernel k = kernel();
        k.recurrence(1);
        assertEquals(NplrKernel.DEFAULT_LENGTH, k.maxLength());
        k.kernel(3000);
        assertEquals(4 * NplrKernel.DEFAULT_LENGTH, k.maxLength());
    }

    @Test
    void aRateResamplesTheSameContinuousSystem() {
        NplrKernel k = kernel();
        NplrSpec spec = NplrSpec.of(8).withDtype(DType.FLOAT64);
        k.kernel(256);
        for (double rate : new double[] {0.5, 2}) {
            Tensor fast = k.kernel(400, rate);
            assertTrue(Differences.relative(KernelReference.nplr(k, spec, 400, rate), fast) < 1e-10, "rate " + rate);
        }
        DiagonalSpec d = DiagonalSpec.of(8).withDtype(DType.FLOAT64);
        DiagonalKernel dk = (DiagonalKernel) d.build(2, 1, new Generator(12));
        assertTrue(Differences.relative(KernelReference.diagonal(dk, d, 300, 2), dk.kernel(300, 2)) < 1e-10);
        DenseSpec l = DenseSpec.of(6).withDtype(DType.FLOAT64);
        DenseKernel lk = (DenseKernel) l.build(2, 1, new Generator(13));
        assertTrue(Differences.relative(KernelReference.dense(lk, l, 300, 0.5), lk.kernel(300, 0.5)) < 1e-10);
    }

    /**
     * The official convention: a fresh kernel holds the raw C; step mode uses it as it is (and
     * changes nothing), the first convolution converts it to C̃ = C(I − Ā^L) for its length.
     */
    @Test
    void underTheOfficialConventionAFreshKernelHoldsTheRawC() {
        NplrSpec spec = NplrSpec.of(8).withDtype(DType.FLOAT64).withInitConvention(InitConvention.OFFICIAL);
        NplrKernel k = (NplrKernel) spec.build(2, 1, new Generator(11));
        java.util.Map<String, Tensor> fresh = new java.util.LinkedHashMap<>();
        k.stateDict().forEach((name, v) -> fresh.put(name, new Tensor(v.storage().copy(), v.shape())));
        int impulse = 40;
        Recurrence r = k.recurrence(1);
        double[] y = new double[impulse * 2];
        double[] u = new double[impulse * 2];
        u[0] = 1;                                                        // state space 0: a unit impulse
        r.steps(u, impulse, r.zeroState(1), y);
        assertEquals(0, k.maxLength(), "step mode changed the kernel");
        assertEquals(0, Differences.relative(fresh.get("C"), k.stateDict().get("C")));

        Tensor conv = k.kernel(300);
        assertEquals(300, k.maxLength());
        NplrKernel exact = (NplrKernel) NplrSpec.of(8).withDtype(DType.FLOAT64).build(2, 1, new Generator(5));
        exact.loadStateDict(fresh, true);
        exact.setOutputMatrix(fresh.get("C"), 300);
        assertTrue(Differences.relative(exact.kernel(300), conv) < 1e-12, "the first use did not convert the raw C");
        assertTrue(Differences.relative(KernelReference.nplr(k, spec, 300, 1), conv) < 1e-10);
        for (int t = 0; t < impulse; t++) {                              // the impulse response is the kernel
            assertEquals(conv.toDoubleArray()[t], y[2 * t], 1e-10, "position " + t);
        }
    }

    /** Algorithm 1 against the definition beside it in NplrKernel: a fresh kernel, a doubled one, LegT (rank 2), a raw C. */
    @org.junit.jupiter.api.Test
    void algorithmOneIsTheDefinition() {
        NplrKernel k = kernel();
        assertTrue(Differences.relative(k.naiveKernel(100), k.kernel(100)) < 1e-10, "fresh");
        assertEquals(100, k.maxLength());
        assertTrue(Differences.relative(k.naiveKernel(333), k.kernel(333)) < 1e-10, "doubled to 400");
        NplrKernel legt = (NplrKernel) NplrSpec.of(8).withMeasure(dev.s4j.ssm.hippo.HippoMeasure.LEGT).withDtype(DType.FLOAT64)
                .build(2, 2, new Generator(4));
        assertTrue(Differences.relative(legt.naiveKernel(64), legt.kernel(64)) < 1e-8, "rank 2");
        NplrKernel raw = (NplrKernel) NplrSpec.of(8).withDtype(DType.FLOAT64).withInitConvention(InitConvention.OFFICIAL)
                .build(2, 1, new Generator(5));
        Tensor naive = raw.naiveKernel(90);
        assertEquals(0, raw.maxLength(), "the definition changes nothing");
        assertTrue(Differences.relative(naive, raw.kernel(90)) < 1e-10, "raw C");
    }
}

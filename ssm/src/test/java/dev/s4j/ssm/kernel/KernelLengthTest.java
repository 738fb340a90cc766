package dev.s4j.ssm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
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
        assertTrue(KernelVersusDenseTest.relative(KernelReference.nplr(k, spec, 300, 1), first) < 1e-10);
        Tensor longer = k.kernel(1000);
        assertEquals(1200, k.maxLength());
        assertTrue(KernelVersusDenseTest.relative(KernelReference.nplr(k, spec, 1000, 1), longer) < 1e-10);
        // the first 300 values of the longer kernel are the earlier kernel: the system did not change
        assertTrue(KernelVersusDenseTest.relative(first, longer.slice(-1, 0, 300)) < 1e-10);
        Tensor shorter = k.kernel(50);
        assertEquals(1200, k.maxLength());
        assertTrue(KernelVersusDenseTest.relative(first.slice(-1, 0, 50), shorter) < 1e-10);
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
            assertTrue(KernelVersusDenseTest.relative(KernelReference.nplr(k, spec, 400, rate), fast) < 1e-10, "rate " + rate);
        }
        DiagonalSpec d = DiagonalSpec.of(8).withDtype(DType.FLOAT64);
        DiagonalKernel dk = (DiagonalKernel) d.build(2, 1, new Generator(12));
        assertTrue(KernelVersusDenseTest.relative(KernelReference.diagonal(dk, d, 300, 2), dk.kernel(300, 2)) < 1e-10);
        DenseSpec l = DenseSpec.of(6).withDtype(DType.FLOAT64);
        DenseKernel lk = (DenseKernel) l.build(2, 1, new Generator(13));
        assertTrue(KernelVersusDenseTest.relative(KernelReference.dense(lk, l, 300, 0.5), lk.kernel(300, 0.5)) < 1e-10);
    }
}

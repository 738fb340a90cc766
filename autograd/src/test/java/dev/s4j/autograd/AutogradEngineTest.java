package dev.s4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tape: accumulation, graph freeing, no-grad scopes, deep graphs, anomaly mode. */
class AutogradEngineTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilCleared() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {5, 7, 9}, x.grad().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void sharedSubexpressionsSumTheirContributions() {
        Tensor x = leaf(2);
        Tensor y = x.mul(x);          // x²
        Tensor z = y.mul(y).add(y);   // x⁴ + x²
        z.sum().backward();
        assertEquals(4 * 8 + 2 * 2, x.grad().item(), 1e-12);
    }

    @Test
    void backwardWithAnUpstreamGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        y.backward(Tensor.of(new double[] {10, 100}));
        assertArrayEquals(new double[] {20, 400}, x.grad().toDoubleArray());
    }

    @Test
    void complexGradientFollowsTheConjugateWirtingerConvention() {
        // ℒ = |z|² = z·conj(z) gives grad = 2z (PyTorch convention)
        Tensor z = Tensor.complex(new double[] {3}, new double[] {-2}).requiresGrad(true);
        z.mul(z.conj()).real().sum().backward();
        assertEquals(6, z.grad().get(0), 1e-12);
        assertEquals(-4, z.grad().getImag(0), 1e-12);
        // gradient descent on z decreases |z|²
        Tensor step = z.detach().sub(z.grad().mul(0.1));
        assertTrue(step.abs().item() < z.abs().item());
    }

    @Test
    void graphIsFreedAfterBackwardUnlessRetained() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward(null, true);
        loss.backward(null, false);
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already freed") && e.getMessage().contains("sum"), e.getMessage());
    }

    @Test
    void noGradScopeRecordsNothingAndRestoresTheState() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var off = Grad.disabled()) {
            y = x.mul(2);
            try (var on = Grad.enabled()) {
                assertTrue(x.mul(2).requiresGrad());
            }
            assertFalse(Grad.isEnabled());
        }
        assertTrue(Grad.isEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(3);
        Tensor y = x.mul(x).detach().mul(x);
        y.sum().backward();
        assertEquals(9, x.grad().item(), 1e-12);
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3).retainGrad();
        y.mul(y).sum().backward();
        assertArrayEquals(new double[] {6, 12}, y.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {18, 36}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void deepChainsBackpropagateWithoutRecursion() {
        // 20,000 sequential ops: a recursive topological sort would overflow the stack.
        Tensor x = leaf(1.0);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(1.0001);
        }
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 20_000), x.grad().item(), 1e-6);
    }

    @Test
    void gradientOfARealInputUsedInComplexOpsIsReal() {
        Tensor x = leaf(0.5, -1);
        Tensor z = Tensor.complex(new double[] {1, 2}, new double[] {3, 4});
        x.mul(z).abs().sum().backward();
        assertEquals(DType.FLOAT64, x.grad().dtype());
        // d|x·z|/dx = sign(x)·|z|
        assertArrayEquals(new double[] {Math.hypot(1, 3), -Math.hypot(2, 4)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void float32GradientsComeBackInFloat32() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        x.to(DType.FLOAT64).mul(Tensor.of(new double[] {3, 4})).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new double[] {3, 4}, x.grad().toDoubleArray());
    }

    @Test
    void requiresGradOnlyOnLeaves() {
        Tensor y = leaf(1).mul(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("not a leaf"), e.getMessage());
    }

    @Test
    void anomalyModeNamesTheFirstOpProducingNaN() {
        Tensor x = leaf(-1, 4);
        try (var a = AnomalyMode.enabled()) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.sqrt().log());
            assertTrue(e.getMessage().contains("sqrt") && e.getMessage().contains("NaN") && e.getMessage().contains("(2)"),
                    e.getMessage());
        }
        // off again: NaN passes silently
        assertTrue(Double.isNaN(x.sqrt().toDoubleArray()[0]));
    }

    @Test
    void anomalyModeCatchesNaNInBackward() {
        // sqrt at 0 is finite forward, infinite in backward
        Tensor x = leaf(0, 1);
        try (var a = AnomalyMode.enabled()) {
            Tensor loss = x.sqrt().sum();
            ArithmeticException e = assertThrows(ArithmeticException.class, loss::backward);
            assertTrue(e.getMessage().contains("backward of sqrt") && e.getMessage().contains("Inf"), e.getMessage());
        }
    }

    @Test
    void nodesThatReceiveNoGradientAreFreedToo() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp();
        y.angle().sum().add(x.sum()).backward();    // angle of a real tensor passes no gradient on
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void gradientsNeverShareStorage() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        a.add(b).sum().backward();
        assertTrue(a.grad().storage() != b.grad().storage());
        Tensor c = leaf(5, 6);
        Tensor g = Tensor.of(new double[] {1, 1});
        c.backward(g);
        assertTrue(c.grad().storage() != g.storage());
    }

    @Test
    void changingAnInputInPlaceBeforeBackwardIsDetected() {
        dev.s4j.autograd.nn.Parameter p = new dev.s4j.autograd.nn.Parameter(Tensor.of(new double[] {1, 2}));
        Tensor loss = p.mul(p).sum();
        p.assign(Tensor.of(new double[] {10, 20}));
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("modified in place") && e.getMessage().contains("mul"), e.getMessage());
    }

    @Test
    void identityShapeOpsReturnANewTensorInTheGraph() {
        Tensor x = leaf(1, 2, 3);
        Tensor r = x.reshape(3);
        assertTrue(r != x && r.storage() == x.storage() && !r.isLeaf());
        assertTrue(x.slice(0, 0, 3) != x && x.pad(0, 0, 0) != x && x.expand(3) != x && x.flip() != x);
        r.mul(2).sum().backward();
        assertArrayEquals(new double[] {2, 2, 2}, x.grad().toDoubleArray());
    }

    @Test
    void customOpsRecordTheirOwnBackward() {
        Tensor x = leaf(1, 2, 3);
        Tensor cube = Autograd.record("cube", new Tensor(Tensor.of(new double[] {1, 8, 27}).storage(), 3),
                g -> new Tensor[] {g.mul(x.mul(x).mul(3))}, x);
        cube.sum().backward();
        assertArrayEquals(new double[] {3, 12, 27}, x.grad().toDoubleArray());
        assertEquals("cube", cube.gradFn().op());
    }
}

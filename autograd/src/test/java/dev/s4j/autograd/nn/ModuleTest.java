package dev.s4j.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module tree: names, modes, state dicts, and the basic layers. */
class ModuleTest {

    static final class Block extends Module {
        final LayerNorm norm = module("norm", new LayerNorm(4, -1));
        final Linear proj = module("proj", new Linear(4, 4, true, new Generator(1)));
        final BatchNorm1d bn = module("bn", new BatchNorm1d(4));
        final Dropout drop = module("drop", new Dropout(0.5, new Generator(2)));
    }

    static final class Net extends Module {
        final Linear in = module("in", new Linear(3, 4, true, new Generator(3)));
        final Block block = module("block", new Block());
        final Parameter scale = parameter("scale", Tensor.ones(DType.COMPLEX64, 2));
    }

    @Test
    void ownParametersComeFirstThenEachChildsInRegistrationOrder() {
        Net net = new Net();
        assertEquals(List.of("scale", "in.weight", "in.bias", "block.norm.weight", "block.norm.bias", "block.proj.weight",
                "block.proj.bias", "block.bn.weight", "block.bn.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("block.bn.running_mean", "block.bn.running_var"), List.copyOf(net.namedBuffers().keySet()));
        assertEquals(12 + 4 + 4 + 4 + 16 + 4 + 4 + 4 + 2 * 2, net.parameterCount());
        assertTrue(net.parameters().stream().allMatch(Tensor::requiresGrad));
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Net net = new Net();
        assertTrue(net.block.drop.isTraining());
        net.eval();
        assertFalse(net.block.drop.isTraining());
        assertFalse(net.block.bn.isTraining());
        Tensor x = Tensor.ones(2, 4);
        assertArrayEquals(x.toDoubleArray(), net.block.drop.forward(x).toDoubleArray());
        net.train();
        assertTrue(net.in.isTraining());
    }

    @Test
    void stateDictRoundTripsIntoAFreshModel() {
        Net a = new Net();
        a.scale.assign(Tensor.complex(new float[] {1, 2}, new float[] {3, 4}));
        a.block.bn.forward(Tensor.randn(new Generator(9), 8, 4));   // moves the running statistics
        Map<String, Tensor> state = a.stateDict();
        Net b = new Net();
        b.in.weight().assign(Tensor.zeros(4, 3));
        b.loadStateDict(state, true);
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            Tensor other = b.stateDict().get(e.getKey());
            assertArrayEquals(e.getValue().toDoubleArray(), other.toDoubleArray(), e.getKey());
            assertArrayEquals(e.getValue().imagToDoubleArray(), other.imagToDoubleArray(), e.getKey());
            assertNotSame(e.getValue().storage(), other.storage());
        }
    }

    @Test
    void badStateDictsAreRefusedWithoutChangingTheModel() {
        Net net = new Net();
        double[] before = net.in.weight().toDoubleArray();
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(new Net().stateDict());
        state.put("in.weight", Tensor.zeros(5, 3));
        state.remove("scale");
        state.put("extra", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state, true));
        String m = e.getMessage();
        assertTrue(m.contains("'in.weight'") && m.contains("(5, 3)") && m.contains("(4, 3)"), m);
        assertTrue(m.contains("missing tensor 'scale'") && m.contains("unexpected tensor 'extra'"), m);
        assertArrayEquals(before, net.in.weight().toDoubleArray());
        Map<String, Tensor> complexIntoReal = new java.util.LinkedHashMap<>(net.stateDict());
        complexIntoReal.put("in.bias", Tensor.zeros(DType.COMPLEX64, 4));
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(complexIntoReal, true));
        assertTrue(d.getMessage().contains("'in.bias' is COMPLEX64"), d.getMessage());
    }

    @Test
    void duplicateOrDottedNamesAreRejected() {
        class Bad extends Module {
            Bad(String first, String second) {
                parameter(first, Tensor.zeros(1));
                parameter(second, Tensor.zeros(1));
            }
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Bad("w", "w")).getMessage().contains("'w'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Bad("a.b", "c")).getMessage().contains("'a.b'"));
    }

    @Test
    void parametersAreLeavesWithOptimizerHints() {
        Parameter p = new Parameter(Tensor.ones(3));
        assertTrue(p.isLeaf() && p.requiresGrad());
        assertEquals(OptimHints.NONE, p.optimHints());
        p.optimHints(new OptimHints(1e-3, 0.0));
        assertEquals(0.0, p.optimHints().weightDecay());
        assertThrows(IllegalArgumentException.class, () -> p.assign(Tensor.zeros(4)));
        assertThrows(IllegalArgumentException.class, () -> p.assign(Tensor.zeros(DType.COMPLEX64, 3)));
    }

    @Test
    void linearComputesAnAffineMapOverTheLastAxis() {
        Linear lin = new Linear(3, 2, true, new Generator(4));
        Tensor x = Tensor.randn(new Generator(5), 4, 5, 3);
        Tensor expected = x.matmul(lin.weight().transpose(0, 1)).add(lin.bias());
        Tensor got = lin.forward(x);
        assertArrayEquals(new int[] {4, 5, 2}, got.shape());
        assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), 1e-5);
        double bound = 1 / Math.sqrt(3);
        for (double w : lin.weight().toDoubleArray()) {
            assertTrue(Math.abs(w) <= bound);
        }
    }

    @Test
    void activationLayers() {
        Tensor x = Tensor.of(new double[] {-1, 2, 0.5, 4}, 1, 4);
        assertArrayEquals(x.relu().toDoubleArray(), Activation.of(Activation.Kind.RELU).forward(x).toDoubleArray());
        assertArrayEquals(x.gelu().toDoubleArray(), Activation.of(Activation.Kind.GELU).forward(x).toDoubleArray());
        assertArrayEquals(new int[] {1, 2}, Activation.glu(1).forward(x).shape());
        assertThrows(IllegalArgumentException.class, () -> Activation.of(Activation.Kind.GLU));
    }

    @Test
    void modulesListsTheTreePreOrder() {
        Net net = new Net();
        List<Module> all = net.modules();
        assertEquals(List.of(net, net.in, net.block, net.block.norm, net.block.proj, net.block.bn, net.block.drop), all);
    }

    @Test
    void reseededDropoutRepeatsItsMasks() {
        Dropout drop = new Dropout(0.5, new Generator(7));
        Tensor x = Tensor.ones(DType.FLOAT32, 64);
        drop.reseed(11);
        float[] first = drop.forward(x).toFloatArray();
        drop.forward(x);
        drop.reseed(11);
        assertArrayEquals(first, drop.forward(x).toFloatArray());
        drop.reseed(12);
        assertFalse(java.util.Arrays.equals(first, drop.forward(x).toFloatArray()));
        assertEquals(0.5, drop.probability());
    }
}

package dev.s4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.nn.OptimHints;
import dev.s4j.autograd.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimizers against updates computed by hand, on real and complex parameters, and their saved state. */
class OptimizerTest {

    private static Parameter param(double... v) {
        return new Parameter(Tensor.of(v));
    }

    /** Gives p the gradient g (by backward of Σ g·p). */
    private static void setGrad(Parameter p, double... g) {
        p.zeroGrad();
        p.mul(Tensor.of(g)).sum().backward();
    }

    private static List<ParamGroup> group(Parameter p, double lr, double wd) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("p", p);
        return List.of(new ParamGroup(m, lr, wd));
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        Parameter p = param(1, -2);
        Sgd opt = new Sgd(group(p, 0.1, 0.01), 0.9, false);
        setGrad(p, 0.5, 1);
        opt.step();
        // d = g + 0.01 p = (0.51, 0.98); buffer = d; p -= 0.1 d
        assertArrayEquals(new double[] {1 - 0.051, -2 - 0.098}, p.toDoubleArray(), 1e-15);
        setGrad(p, -1, 2);
        opt.step();
        double d0 = -1 + 0.01 * 0.949;
        double d1 = 2 + 0.01 * -2.098;
        double b0 = 0.9 * 0.51 + d0;
        double b1 = 0.9 * 0.98 + d1;
        assertArrayEquals(new double[] {0.949 - 0.1 * b0, -2.098 - 0.1 * b1}, p.toDoubleArray(), 1e-15);
    }

    @Test
    void nesterovLooksAhead() {
        Parameter p = param(3);
        Sgd opt = new Sgd(group(p, 0.5, 0), 0.5, true);
        setGrad(p, 2);
        opt.step();          // b = 2, step = g + μb = 3
        assertEquals(3 - 0.5 * 3, p.item(), 1e-15);
        setGrad(p, 1);
        opt.step();          // b = 0.5·2 + 1 = 2, step = 1 + 0.5·2 = 2
        assertEquals(1.5 - 0.5 * 2, p.item(), 1e-15);
    }

    @Test
    void adamAndAdamW() {
        for (boolean decoupled : new boolean[] {false, true}) {
            Parameter p = param(1);
            Adam opt = Adam.of(group(p, 0.1, 0.5), 0.9, 0.99, 1e-8, decoupled);
            double[] grads = {2, -1};
            double m = 0;
            double v = 0;
            double x = 1;
            for (int t = 1; t <= 2; t++) {
                setGrad(p, grads[t - 1]);
                opt.step();
                double d = decoupled ? grads[t - 1] : grads[t - 1] + 0.5 * x;
                m = 0.9 * m + 0.1 * d;
                v = 0.99 * v + 0.01 * d * d;
                double mh = m / (1 - Math.pow(0.9, t));
                double vh = v / (1 - Math.pow(0.99, t));
                x = (decoupled ? x * (1 - 0.1 * 0.5) : x) - 0.1 * mh / (Math.sqrt(vh) + 1e-8);
                assertEquals(x, p.item(), 1e-14, (decoupled ? "AdamW" : "Adam") + " step " + t);
            }
        }
    }

    @Test
    void complexParametersAreUpdatedPartByPart() {
        Parameter z = new Parameter(Tensor.complex(new double[] {1}, new double[] {-2}));
        Adam opt = Adam.adamW(group(z, 0.01, 0));
        z.zeroGrad();
        // ℒ = Re(conj(c)·z) with c = 3 − 4i: grad = c
        z.mul(Tensor.complex(new double[] {3}, new double[] {4})).real().sum().backward();
        assertEquals(3, z.grad().get(0), 1e-15);
        assertEquals(-4, z.grad().getImag(0), 1e-15);
        opt.step();
        // first Adam step moves each part by −lr·sign(g)
        assertEquals(1 - 0.01, z.get(0), 1e-9);
        assertEquals(-2 + 0.01, z.getImag(0), 1e-9);
    }

    @Test
    void adamWConvergesOnAComplexQuadraticWithWeightDecay() {
        Generator gen = new Generator(1);
        Parameter z = new Parameter(Tensor.randn(gen, DType.COMPLEX64, 8));
        Tensor target = Tensor.randn(gen, DType.COMPLEX64, 8);
        Adam opt = Adam.adamW(group(z, 0.05, 1e-4));
        double first = 0;
        double last = 0;
        for (int i = 0; i < 600; i++) {
            opt.zeroGrad();
            Tensor d = z.sub(target);
            Tensor loss = d.mul(d.conj()).real().sum();
            if (i == 0) {
                first = loss.item();
            }
            last = loss.item();
            loss.backward();
            opt.step();
        }
        assertTrue(last < 1e-4 * first, "loss went from " + first + " to " + last);
    }

    /** A small model for the save/restore test. */
    static final class Toy extends Module {
        final Parameter a = parameter("a", Tensor.randn(new Generator(3), 4));
        final Parameter b = parameter("b", Tensor.randn(new Generator(4), DType.COMPLEX64, 3));
    }

    private static double train(Toy toy, Adam opt, int steps, int offset) {
        double loss = 0;
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            double s = Math.sin(offset + i);
            Tensor l = toy.a.mul(s).exp().sum().add(toy.b.mul(toy.b.conj()).real().sum().mul(1 + s));
            loss = l.item();
            l.backward();
            LrSchedule.cosineWithWarmup(2, 10, 0.1).apply(opt, opt.steps());
            opt.step();
        }
        return loss;
    }

    @Test
    void savingAndRestoringMidwayGivesTheSameTrajectory() {
        Toy straight = new Toy();
        Adam o1 = Adam.adamW(ParamGroups.single(straight, 0.05, 0.01));
        train(straight, o1, 5, 0);
        Map<String, Tensor> model = straight.stateDict();
        Map<String, Tensor> optimizer = o1.stateDict();
        Map<String, Tensor> modelCopy = new LinkedHashMap<>();
        model.forEach((k, v) -> modelCopy.put(k, new Tensor(v.storage().copy(), v.shape())));
        double uninterrupted = train(straight, o1, 5, 5);

        Toy resumed = new Toy();
        resumed.loadStateDict(modelCopy, true);
        Adam o2 = Adam.adamW(ParamGroups.single(resumed, 0.05, 0.01));
        o2.loadStateDict(optimizer);
        assertEquals(5, o2.steps());
        double again = train(resumed, o2, 5, 5);
        assertEquals(uninterrupted, again);
        assertArrayEquals(straight.a.toDoubleArray(), resumed.a.toDoubleArray());
        assertArrayEquals(straight.b.imagToDoubleArray(), resumed.b.imagToDoubleArray());
    }

    @Test
    void badStateIsRefusedWithTheParameterName() {
        Toy toy = new Toy();
        Adam opt = Adam.adamW(ParamGroups.single(toy, 0.1, 0));
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("step", Tensor.of(new double[] {3}, 1));
        state.put("a.exp_avg", Tensor.zeros(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(state));
        assertTrue(e.getMessage().contains("'a.exp_avg'") && e.getMessage().contains("(5)") && e.getMessage().contains("(4)"),
                e.getMessage());
    }

    /** A model with a hinted parameter, like an S4 kernel's. */
    static final class Hinted extends Module {
        final Parameter w = parameter("w", Tensor.ones(2));
        final Parameter ssm = parameter("ssm", Tensor.ones(2)).optimHints(new OptimHints(0.001, 0.0));
        final Parameter half = parameter("half", Tensor.ones(2)).optimHints(new OptimHints(null, 0.0));
    }

    @Test
    void groupsFollowTheParametersHints() {
        List<ParamGroup> groups = ParamGroups.fromHints(new Hinted(), 0.01, 0.05);
        assertEquals(3, groups.size());
        assertEquals(List.of("w"), List.copyOf(groups.get(0).parameters().keySet()));
        assertEquals(0.01, groups.get(0).lr());
        assertEquals(0.05, groups.get(0).weightDecay());
        assertEquals(List.of("ssm"), List.copyOf(groups.get(1).parameters().keySet()));
        assertEquals(0.001, groups.get(1).lr());
        assertEquals(0.0, groups.get(1).weightDecay());
        assertEquals(0.01, groups.get(2).lr());
        assertEquals(0.0, groups.get(2).weightDecay());
    }

    @Test
    void schedules() {
        LrSchedule cos = LrSchedule.cosineWithWarmup(4, 14, 0.1);
        assertEquals(0.25, cos.factor(0), 1e-15);
        assertEquals(1, cos.factor(3), 1e-15);
        assertEquals(1, cos.factor(4), 1e-15);
        assertEquals(0.1 + 0.9 * 0.5, cos.factor(9), 1e-15);
        assertEquals(0.1, cos.factor(14), 1e-15);
        assertEquals(0.1, cos.factor(100), 1e-15);
        assertEquals(0.25, LrSchedule.step(10, 0.5).factor(25), 1e-15);
        assertEquals(1, LrSchedule.constant().factor(1000));
    }

    @Test
    void clippingScalesToTheMaximumGlobalNorm() {
        Parameter a = param(0, 0);
        Parameter b = new Parameter(Tensor.complex(new double[] {0}, new double[] {0}));
        setGrad(a, 3, 0);
        b.mul(Tensor.complex(new double[] {0}, new double[] {-4})).real().sum().backward();   // grad 0 + 4i
        double norm = GradClip.byGlobalNorm(List.of(a, b), 1);
        assertEquals(5, norm, 1e-12);
        assertArrayEquals(new double[] {0.6, 0}, a.grad().toDoubleArray(), 1e-9);
        assertEquals(0.8, b.grad().getImag(0), 1e-9);
        assertEquals(0.6, GradClip.byGlobalNorm(List.of(a), 1), 1e-9);   // below the limit: unchanged
    }
}

package dev.s4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.ops.Losses;
import dev.s4j.optim.Adam;
import dev.s4j.optim.Optimizer;
import dev.s4j.optim.ParamGroups;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A small S4 model and a small S4D model trained for 20 steps with every heavy job on the device
 * reach the losses of the same training on the CPU (float32).
 */
class TrainingOnDeviceTest {
    private static final int STEPS = 20;

    @AfterEach
    void backToTheCpu() {
        Accelerators.use(CpuAccelerator.INSTANCE);
    }

    @Test
    void s4() {
        sameLosses(NplrSpec.of(16));
    }

    @Test
    void s4d() {
        sameLosses(DiagonalSpec.of(16));
    }

    private static void sameLosses(KernelSpec kernel) {
        OpenClAccelerator device = TestDevice.require();
        double[] cpu = train(CpuAccelerator.INSTANCE, kernel);
        long ran = device.jobsRun();
        double[] dev = train(device, kernel);
        assertTrue(device.jobsRun() - ran >= 2 * STEPS, "the heavy jobs ran on the device: " + (device.jobsRun() - ran));
        assertTrue(cpu[STEPS - 1] < cpu[0], "the model should learn: " + cpu[0] + " → " + cpu[STEPS - 1]);
        for (int s = 0; s < STEPS; s++) {
            assertEquals(cpu[s], dev[s], 1e-4 * Math.abs(cpu[s]), "loss at step " + s);
        }
    }

    /** The loss at each of 20 AdamW steps on one fixed batch, with {@code backend} running the heavy jobs. */
    private static double[] train(Accelerator backend, KernelSpec kernel) {
        assertTrue(Accelerators.use(backend));
        Generator gen = new Generator(0);
        Backbone model = new Backbone(BackboneSpec.of(1, 4).withWidth(16).withLayers(2).withBlock(BlockSpec.of(kernel)), gen);
        Optimizer opt = Adam.adamW(ParamGroups.fromHints(model, 0.01, 0.01));
        Tensor x = Tensor.randn(new Generator(1), 8, 200, 1);   // (B, L, d_in)
        int[] labels = {0, 1, 2, 3, 3, 2, 1, 0};
        double[] losses = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            model.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(x), labels);
            losses[s] = loss.item();
            loss.backward();
            opt.step();
        }
        assertSame(backend, Accelerators.active(), "the backend failed during training");
        return losses;
    }
}

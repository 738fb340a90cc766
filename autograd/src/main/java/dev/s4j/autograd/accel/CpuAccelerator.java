package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.kernel.CauchyKernels;
import dev.s4j.autograd.kernel.FftRows;

/**
 * The built-in backend: JTransforms for FFTs, {@link CauchyKernels} (Vector API where available)
 * for the Cauchy kernel. Always usable; runs every job.
 */
public final class CpuAccelerator implements Accelerator {
    /** The shared instance. */
    public static final CpuAccelerator INSTANCE = new CpuAccelerator();

    private CpuAccelerator() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String probe() {
        return null;
    }

    @Override
    public boolean fft(FftJob job) {
        FftRows.run(job);
        return true;
    }

    @Override
    public boolean cauchy(CauchyJob job, Storage out) {
        CauchyKernels.forward(job, out);
        return true;
    }

    @Override
    public boolean cauchyBackward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz) {
        CauchyKernels.backward(job, g, gv, gw, gz);
        return true;
    }
}

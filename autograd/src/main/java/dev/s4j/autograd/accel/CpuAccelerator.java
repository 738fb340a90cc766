package dev.s4j.autograd.accel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.kernel.CauchyKernels;
import dev.s4j.autograd.kernel.ConvolutionKernels;
import dev.s4j.autograd.kernel.FftRows;
import dev.s4j.autograd.kernel.VandermondeKernels;
import dev.s4j.autograd.kernel.VectorSupport;
import java.util.List;

/**
 * The built-in backend: JTransforms for FFTs, {@link CauchyKernels}, {@link VandermondeKernels}
 * and {@link ConvolutionKernels} (Vector API where available) for the rest. Always usable; runs
 * every job.
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
    public List<String> describe() {
        return List.of(Runtime.getRuntime().availableProcessors() + " processors, " + Parallel.threads() + " compute threads, Vector API "
                + (VectorSupport.available() ? "in use" : "not in use (plain loops; add --add-modules jdk.incubator.vector)"));
    }

    @Override
    public String summary() {
        return "cpu: Vector API " + (VectorSupport.available() ? "on" : "off");
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

    @Override
    public boolean vandermonde(VandermondeJob job, Storage out) {
        VandermondeKernels.forward(job, out);
        return true;
    }

    @Override
    public boolean vandermondeBackward(VandermondeJob job, Storage g, Storage gc, Storage gz) {
        VandermondeKernels.backward(job, g, gc, gz);
        return true;
    }

    @Override
    public ConvolutionPlan convolution(ConvolutionJob job) {
        return ConvolutionKernels.plan(job);
    }
}

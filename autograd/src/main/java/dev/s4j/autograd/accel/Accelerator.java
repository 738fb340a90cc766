package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;

/**
 * A backend for the heavy stages: batched FFTs and the Cauchy kernel with its gradients.
 *
 * <p>The CPU implementation is built in and always usable ({@link CpuAccelerator}). Other
 * implementations are found with {@link java.util.ServiceLoader} (declare them in
 * {@code META-INF/services/dev.s4j.autograd.accel.Accelerator}); {@link Accelerators} probes
 * each one and picks the usable one with the highest {@link #priority()}.
 *
 * <p>A backend may decline a job it cannot run (a dtype, a size) by returning {@code false}; the
 * CPU implementation then runs it. Outputs are preallocated by the caller.
 */
public interface Accelerator {

    /** Short name, e.g. {@code "cpu"} or {@code "opencl"} (matched by the {@code s4j.accelerator} property). */
    String name();

    /** Higher wins among usable backends; the CPU backend has priority 0. */
    int priority();

    /**
     * Checks that the backend really runs here: initializes it, runs a small FFT and Cauchy job
     * and compares them with the CPU results. Must not throw; returns a reason when unusable.
     *
     * @return null if usable, otherwise a one-line reason
     */
    String probe();

    /** Runs {@code job}; returns false to decline it. */
    boolean fft(FftJob job);

    /**
     * Computes the Cauchy sums of {@code job} into {@code out} (M, R, L).
     *
     * @return false to decline
     */
    boolean cauchy(CauchyJob job, Storage out);

    /**
     * Gradients of the Cauchy op (PyTorch's conjugate-Wirtinger convention) given the output
     * gradient {@code g} (M, R, L). Each output storage may be null when not needed:
     * {@code gv} (M, R, N), {@code gw} (R, N), {@code gz} (zRows, L), all overwritten.
     *
     * @return false to decline
     */
    boolean cauchyBackward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz);
}

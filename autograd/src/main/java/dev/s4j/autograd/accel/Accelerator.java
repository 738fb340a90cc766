package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;
import java.util.List;

/**
 * A backend for the heavy stages: batched FFTs, the Cauchy kernel of S4, the Vandermonde product
 * of S4D and the fused FFT convolution, each with its gradients.
 *
 * <p>The CPU implementation is built in and always usable ({@link CpuAccelerator}). Other
 * implementations are found with {@link java.util.ServiceLoader} (declare them in
 * {@code META-INF/services/dev.s4j.autograd.accel.Accelerator}); {@link Accelerators} probes
 * each one and picks the usable one with the highest {@link #priority()}.
 *
 * <p>A backend may decline a job it cannot run (a dtype, a size) by returning {@code false} (or
 * a null plan); the CPU implementation then runs it. A backend that throws is taken out of use
 * for the rest of the JVM's life and the job runs on the CPU. Outputs are preallocated by the
 * caller and must be overwritten entirely. Gradients follow PyTorch's convention for complex
 * numbers: {@code grad = ∂ℒ/∂Re + i ∂ℒ/∂Im}.
 */
public interface Accelerator {

    /** Short name, e.g. {@code "cpu"} or {@code "opencl"} (matched by the {@code s4j.accelerator} property). */
    String name();

    /** Higher wins among usable backends; the CPU backend has priority 0. */
    int priority();

    /**
     * Checks that the backend really runs here: initializes it, runs a small job of every kind and
     * compares it with the CPU results. Must not throw or hang; returns a reason when unusable.
     *
     * @return null if usable, otherwise a one-line reason
     */
    String probe();

    /**
     * What this backend sees, one line each (devices, their capabilities, the one in use), for
     * {@code s4j info}. Must not throw; may be called before or without {@link #probe()}.
     */
    default List<String> describe() {
        return List.of();
    }

    /**
     * One line naming this backend and what it runs on (for run records such as a training run's
     * config), e.g. {@code "opencl: NVIDIA H200 (GPU, fp64)"}. Must not throw.
     */
    default String summary() {
        return name();
    }

    /** Runs {@code job}; returns false to decline it. */
    boolean fft(FftJob job);

    /**
     * Computes the Cauchy sums of {@code job} into {@code out} (M, R, L).
     *
     * @return false to decline
     */
    boolean cauchy(CauchyJob job, Storage out);

    /**
     * Gradients of the Cauchy op given the output gradient {@code g} (M, R, L). Each output
     * storage may be null when not needed: {@code gv} (M, R, N), {@code gw} (R, N), {@code gz}
     * (zRows, L), all overwritten.
     *
     * @return false to decline
     */
    boolean cauchyBackward(CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz);

    /**
     * Computes the real Vandermonde product of {@code job} into {@code out} (M, R, L), real, of
     * the coefficients' precision.
     *
     * @return false to decline
     */
    default boolean vandermonde(VandermondeJob job, Storage out) {
        return false;
    }

    /**
     * Gradients of the Vandermonde product given the real output gradient {@code g} (M, R, L):
     * {@code gc} (M, R, N) and {@code gz} (R, N), either may be null, both overwritten.
     *
     * @return false to decline
     */
    default boolean vandermondeBackward(VandermondeJob job, Storage g, Storage gc, Storage gz) {
        return false;
    }

    /**
     * A plan for the fused FFT convolution with the kernels of {@code job}, or null to decline.
     * The plan's passes run on this backend.
     */
    default ConvolutionPlan convolution(ConvolutionJob job) {
        return null;
    }
}

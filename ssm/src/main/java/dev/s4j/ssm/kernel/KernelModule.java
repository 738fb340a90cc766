package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.nn.OptimHints;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.ssm.discretize.Timescale;

/**
 * What the three kernels share: H state spaces with C output channels, a kernel length checked
 * before any work, the log Δ parameter, and a {@link #version()} that follows every parameter and
 * buffer. Each kernel adds its own parametrization of A, B, C and how it computes K̄.
 */
abstract class KernelModule extends Module implements SsmKernel {
    private final String name;
    final int width;
    final int channels;

    KernelModule(String name, int width, int channels) {
        Specs.checkShape(name, width, channels);
        this.name = name;
        this.width = width;
        this.channels = channels;
    }

    @Override
    public final int width() {
        return width;
    }

    @Override
    public final int channels() {
        return channels;
    }

    @Override
    public final Tensor kernel(int length, double rate) {
        checkLength(length);
        return kernelOfLength(length, rate);
    }

    /** {@link #kernel(int, double)} for a length already checked. */
    abstract Tensor kernelOfLength(int length, double rate);

    /** Refuses a length below 1, naming the kernel. */
    final void checkLength(int length) {
        if (length < 1) {
            throw new IllegalArgumentException(name + ": length must be >= 1, got " + length);
        }
    }

    /**
     * Registers {@code log_dt (H)}: log Δ drawn log-uniformly from [Δ_min, Δ_max) per state space
     * (LSSL §4, S4 §3.5), with the SSM parameters' optimizer hints.
     */
    final Parameter logDtParameter(Generator gen, double dtMin, double dtMax, DType dtype, OptimHints hints) {
        return parameter("log_dt", Timescale.logUniform(gen, width, dtMin, dtMax, dtype)).optimHints(hints);
    }

    /** Sum of the in-place change counters of the parameters and buffers; grows on every change. */
    @Override
    public final long version() {
        long v = 0;
        for (Tensor t : stateDict().values()) {
            v += t.storage().version();
        }
        return v;
    }
}

package dev.s4j.ssm.layer;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.autograd.ops.FftConvolution;
import dev.s4j.ssm.kernel.Recurrence;
import dev.s4j.ssm.kernel.RecurrentState;
import dev.s4j.ssm.kernel.SsmKernel;

/**
 * The convolutional view of an SSM layer (LSSL §3.2, S4 §2.4): {@code y = K̄ ∗ u + D u}, computed
 * causally by FFT, {@code y = irfft(rfft(u, n) · rfft(K̄, n))[0:L]} with n ≥ 2L − 1 a power of
 * two, for any L (the kernel is generated at the input's length). Shapes: u {@code (B, H, L)} → y {@code (B, C·H, L)} with C
 * output channels per state space ({@code c·H + h} is channel c of state space h).
 *
 * <p>Bidirectional: the kernel has 2C channels; the first C act causally, the last C on the
 * reversed sequence (strictly after the current position), both in one FFT of length n.
 *
 * <p>State forwarding (unidirectional only): {@link #forward(Tensor, RecurrentState, double)}
 * continues from a state x₋₁, adding its effect {@code C Ā^{k+1} x₋₁} to the outputs, and returns
 * the state after the last input, so a long sequence can be processed in chunks. The state part is
 * computed by the recurrence: exact, but outside the autograd graph.
 */
public final class FftConv extends Module {
    private final SsmKernel kernel;
    private final int channels;
    private final boolean bidirectional;
    private final Parameter d;
    private final java.util.concurrent.ConcurrentHashMap<Integer, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int cacheLimit;

    /** Output of a forward pass with state: y (B, C·H, L) and the state after the last input. */
    public record Result(Tensor y, RecurrentState state) {
    }

    /**
     * @param kernel        a kernel with {@code channels} (or {@code 2·channels} if bidirectional) channels; registered as "kernel"
     * @param channels      C, output channels per state space
     * @param bidirectional whether half of the kernel channels look backwards
     * @param dInit         the initial D, (C, H)
     */
    public FftConv(SsmKernel kernel, int channels, boolean bidirectional, Tensor dInit) {
        int expected = bidirectional ? 2 * channels : channels;
        if (kernel.channels() != expected) {
            throw new IllegalArgumentException("FftConv: kernel has " + kernel.channels() + " channels, need " + expected
                    + (bidirectional ? " (2 × " + channels + " for a bidirectional layer)" : ""));
        }
        if (!(kernel instanceof Module m)) {
            throw new IllegalArgumentException("FftConv: the kernel must be a Module");
        }
        module("kernel", m);
        this.kernel = kernel;
        this.channels = channels;
        this.bidirectional = bidirectional;
        if (!java.util.Arrays.equals(dInit.shape(), new int[] {channels, kernel.width()})) {
            throw new IllegalArgumentException("FftConv: D must be (C, H) = (" + channels + ", " + kernel.width() + "), got "
                    + Shape.format(dInit.shape()));
        }
        this.d = parameter("D", dInit);
    }

    /** The kernel. */
    public SsmKernel kernel() {
        return kernel;
    }

    /** C: output channels per state space. */
    public int channels() {
        return channels;
    }

    /** H. */
    public int width() {
        return kernel.width();
    }

    /** True if half of the kernel looks backwards. */
    public boolean isBidirectional() {
        return bidirectional;
    }

    /** The skip D (C, H). */
    public Parameter d() {
        return d;
    }

    /** y = K̄ ∗ u + D u at rate 1: (B, H, L) → (B, C·H, L). */
    public Tensor forward(Tensor u) {
        return forward(u, 1);
    }

    /** y = K̄ ∗ u + D u with every Δ scaled by {@code rate}. */
    public Tensor forward(Tensor u, double rate) {
        int[] s = checkInput(u);
        int b = s[0];
        int h = s[1];
        int l = s[2];
        int n = fftLength(l);
        Tensor k = kernelAt(l, rate);                                        // (C or 2C, H, L)
        if (bidirectional) {
            Tensor forwardPart = k.slice(0, 0, channels).pad(-1, 0, n - l);  // causal: positions 0 … L−1
            Tensor backwardPart = k.slice(0, channels, 2 * channels).flip(-1).pad(-1, n - l, 0);   // after t: positions n−1, n−2, …
            k = forwardPart.add(backwardPart);                               // (C, H, n)
        }
        Tensor y = FftConvolution.apply(u, k, n);                            // (B, C, H, L)
        y = y.add(u.unsqueeze(1).mul(d.unsqueeze(-1)));                      // + D u
        return y.reshape(b, channels * h, l);
    }

    /**
     * Like {@link #forward(Tensor, double)}, continuing from {@code state} (B, H, N) and returning
     * the state after the last input. The input part is differentiable; the state part is not.
     */
    public Result forward(Tensor u, RecurrentState state, double rate) {
        if (bidirectional) {
            throw new IllegalStateException("FftConv: a bidirectional layer has no state: its outputs depend on later inputs");
        }
        int[] s = checkInput(u);
        int b = s[0];
        int h = s[1];
        int l = s[2];
        if (state.batch() != b) {
            throw new IllegalArgumentException("FftConv: state has batch " + state.batch() + ", input " + Shape.format(u.shape()));
        }
        Tensor y = forward(u, rate);
        Recurrence r = kernel.recurrence(rate);
        RecurrentState next = state.copy();
        double[] values = u.toDoubleArray();
        r.advance(values, l, next);                                          // Ā^L x₋₁ + Σ_k Ā^{L−1−k} B̄ u_k
        if (state.isZero()) {
            return new Result(y, next);
        }
        RecurrentState free = state.copy();
        double[] zeros = new double[b * h];
        double[] out = new double[b * channels * h];
        double[] fromState = new double[b * channels * h * l];
        for (int t = 0; t < l; t++) {
            r.step(zeros, free, out);                                        // C Ā^{t+1} x₋₁
            for (int i = 0; i < out.length; i++) {
                fromState[i * l + t] = out[i];
            }
        }
        Tensor extra;
        try (var off = Grad.disabled()) {
            extra = Tensor.of(fromState, b, channels * h, l).to(y.dtype());
        }
        return new Result(y.add(extra), next);
    }

    /**
     * Keeps the kernels of up to {@code lengths} lengths (at rate 1, outside the autograd graph)
     * and reuses them while the kernel's parameters are unchanged: for serving, where the same
     * lengths come back and a kernel costs more than the convolution. 0 turns the cache off.
     * Kernels computed with gradients enabled are never cached.
     */
    public void cacheKernels(int lengths) {
        if (lengths < 0) {
            throw new IllegalArgumentException("FftConv: cache size must not be negative, got " + lengths);
        }
        this.cacheLimit = lengths;
        cache.clear();
    }

    private Tensor kernelAt(int l, double rate) {
        if (cacheLimit == 0 || rate != 1 || dev.s4j.autograd.Grad.isEnabled()) {
            return kernel.kernel(l, rate);
        }
        long version = kernel.version();
        Cached hit = cache.get(l);
        if (hit != null && hit.version() == version) {
            return hit.kernel();
        }
        Tensor k = kernel.kernel(l, rate);
        if (cache.size() >= cacheLimit) {
            cache.clear();
        }
        cache.put(l, new Cached(version, k));
        return k;
    }

    private record Cached(long version, Tensor kernel) {
    }

    /**
     * The transform length for a causal convolution of length L: at least 2L − 1 so nothing wraps
     * around, rounded up to a power of two, where FFTs are several times faster than at lengths
     * with large prime factors (2L = 1568 for sequential MNIST is 2⁵·7²).
     */
    static int fftLength(int l) {
        int need = Math.max(2, 2 * l - 1);
        int p = Integer.highestOneBit(need);
        return p == need ? p : 2 * p;
    }

    private int[] checkInput(Tensor u) {
        if (u.rank() != 3 || u.size(1) != kernel.width() || u.size(2) < 1 || u.isComplex()) {
            throw new IllegalArgumentException("FftConv: input must be real (B, H, L) with H = " + kernel.width()
                    + " and L ≥ 1, got " + u.dtype() + " " + Shape.format(u.shape()));
        }
        return u.shape();
    }

    /** D initialized N(0, 1), (C, H), of the given precision. */
    public static Tensor randomD(dev.s4j.autograd.Generator gen, int channels, int width, DType dtype) {
        return Tensor.randn(gen, dtype, channels, width);
    }
}

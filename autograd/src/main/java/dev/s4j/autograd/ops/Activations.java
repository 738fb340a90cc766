package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.ActivationKernels;
import dev.s4j.autograd.kernel.Elementwise;

/**
 * Real activations: tanh, sigmoid, relu, GELU (exact erf form), softplus, and GLU (fused: one
 * pass forward, one backward). Each backward is one fused elementwise pass; GELU and GLU use
 * Vector API kernels in float32.
 */
public final class Activations {
    private Activations() {
    }

    /** tanh x; backward {@code g·(1 − y²)}. */
    public static Tensor tanh(Tensor x) {
        requireReal("tanh", x);
        Tensor y = new Tensor(Elementwise.map(x.storage(), Math::tanh), x.shape());
        return Autograd.record("tanh", y, g -> new Tensor[] {
            zip(y, g, (yv, gv) -> gv * (1 - yv * yv))}, x);
    }

    /** 1/(1 + e^−x); backward {@code g·y·(1 − y)}. */
    public static Tensor sigmoid(Tensor x) {
        requireReal("sigmoid", x);
        Tensor y = new Tensor(Elementwise.map(x.storage(), Activations::sigmoid), x.shape());
        return Autograd.record("sigmoid", y, g -> new Tensor[] {
            zip(y, g, (yv, gv) -> gv * yv * (1 - yv))}, x);
    }

    /** max(x, 0); backward {@code g·[x > 0]}. */
    public static Tensor relu(Tensor x) {
        requireReal("relu", x);
        Tensor y = new Tensor(Elementwise.map(x.storage(), v -> v > 0 ? v : 0), x.shape());
        return Autograd.record("relu", y, g -> new Tensor[] {
            zip(x, g, (xv, gv) -> xv > 0 ? gv : 0)}, x);
    }

    /**
     * GELU(x) = x·Φ(x) with the exact normal cdf (erf form, PyTorch's default); backward
     * {@code g·(Φ(x) + x·φ(x))}. Float32 uses an erfc accurate to 1.2e-7 relative, float64 one
     * accurate to double precision.
     */
    public static Tensor gelu(Tensor x) {
        requireReal("gelu", x);
        Tensor y = new Tensor(ActivationKernels.gelu(x.storage()), x.shape());
        return Autograd.record("gelu", y, g -> {
            Storage gs = g.dtype() == x.dtype() ? g.storage() : g.storage().convert(x.dtype());
            return new Tensor[] {new Tensor(ActivationKernels.geluBackward(x.storage(), gs), x.shape())};
        }, x);
    }

    /** log(1 + e^x), stable for large |x|; backward {@code g·sigmoid(x)}. */
    public static Tensor softplus(Tensor x) {
        requireReal("softplus", x);
        Tensor y = new Tensor(Elementwise.map(x.storage(),
                v -> v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))), x.shape());
        return Autograd.record("softplus", y, g -> new Tensor[] {
            zip(x, g, (xv, gv) -> gv * sigmoid(xv))}, x);
    }

    /**
     * Gated linear unit along {@code axis}: splits x into halves (a, b) and returns a·sigmoid(b);
     * backward {@code (g·σ(b), g·a·σ(b)(1 − σ(b)))}. The axis length must be even; the result has
     * half of it.
     */
    public static Tensor glu(Tensor x, int axis) {
        requireReal("glu", x);
        int ax = Shape.axis(axis, x.rank(), "glu");
        int[] xs = x.shape();
        int n = xs[ax];
        if (n % 2 != 0) {
            throw new IllegalArgumentException("glu: axis " + axis + " of shape " + Shape.format(xs) + " has odd length " + n);
        }
        int[] dims = Shape.split(xs, ax, ax);
        int outer = dims[0];
        int inner = dims[2];
        Tensor y = new Tensor(ActivationKernels.glu(x.storage(), outer, n / 2, inner), Shape.with(xs, ax, n / 2));
        return Autograd.record("glu", y, g -> {
            Storage gs = g.dtype() == x.dtype() ? g.storage() : g.storage().convert(x.dtype());
            return new Tensor[] {new Tensor(ActivationKernels.gluBackward(x.storage(), gs, outer, n / 2, inner), xs)};
        }, x);
    }

    static double sigmoid(double v) {
        return ActivationKernels.sigmoid(v);
    }

    private static Tensor zip(Tensor a, Tensor g, java.util.function.DoubleBinaryOperator f) {
        Storage gs = g.dtype() == a.dtype() ? g.storage() : g.storage().convert(a.dtype());
        return new Tensor(Elementwise.zip(a.storage(), gs, f), a.shape());
    }

    static void requireReal(String op, Tensor x) {
        if (x.isComplex()) {
            throw new IllegalArgumentException(op + ": complex input (" + x.dtype() + ", shape "
                    + Shape.format(x.shape()) + ") is not supported; apply it to .real() or .abs()");
        }
    }
}

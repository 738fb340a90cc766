package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.Elementwise;
import dev.s4j.autograd.kernel.SpecialMath;

/**
 * Real activations: tanh, sigmoid, relu, GELU (exact erf form), softplus, and GLU.
 * Each backward is one fused elementwise pass.
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
        boolean fast = !x.dtype().isDoublePrecision();
        Tensor y = new Tensor(Elementwise.map(x.storage(), fast
                ? v -> v * SpecialMath.normalCdfFast(v)
                : v -> v * SpecialMath.normalCdf(v)), x.shape());
        return Autograd.record("gelu", y, g -> new Tensor[] {
            zip(x, g, fast
                    ? (xv, gv) -> gv * (SpecialMath.normalCdfFast(xv) + xv * SpecialMath.normalPdf(xv))
                    : (xv, gv) -> gv * (SpecialMath.normalCdf(xv) + xv * SpecialMath.normalPdf(xv)))}, x);
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
     * Gated linear unit along {@code axis}: splits x into halves (a, b) and returns a·sigmoid(b).
     * The axis length must be even; the result has half of it.
     */
    public static Tensor glu(Tensor x, int axis) {
        requireReal("glu", x);
        int ax = Shape.axis(axis, x.rank(), "glu");
        int n = x.shape()[ax];
        if (n % 2 != 0) {
            throw new IllegalArgumentException("glu: axis " + axis + " of shape " + Shape.format(x.shape())
                    + " has odd length " + n);
        }
        Tensor a = x.slice(ax, 0, n / 2);
        Tensor b = x.slice(ax, n / 2, n);
        return a.mul(b.sigmoid());
    }

    static double sigmoid(double v) {
        if (v >= 0) {
            return 1 / (1 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1 + e);
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

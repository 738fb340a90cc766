package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.Elementwise;

/**
 * The parts of complex numbers: conj, real, imag, complex(re, im), abs (modulus) and angle.
 *
 * <p>Backward, with z = x + iy and the real-loss gradient convention {@code ∂ℒ/∂x + i ∂ℒ/∂y}:
 * conj → conj(g); real → g; imag → i·g; complex(re, im) → (Re g, Im g); |z| → g·z/|z| (0 at 0);
 * angle → g·iz/|z|² (0 at z = 0).
 */
public final class ComplexParts {
    private ComplexParts() {
    }

    /** Complex conjugate; the identity (same tensor) for real input. */
    public static Tensor conj(Tensor x) {
        if (!x.isComplex()) {
            return x;
        }
        Storage s = x.storage();
        Storage negIm = Elementwise.map(s.imagPart(), v -> -v);
        Tensor y = new Tensor(Storage.complex(s.realPart(), negIm), x.shape());
        return Autograd.record("conj", y, g -> new Tensor[] {g.conj()}, x);
    }

    /** Real part (shares storage); the identity for real input. */
    public static Tensor real(Tensor x) {
        if (!x.isComplex()) {
            return x;
        }
        Tensor y = new Tensor(x.storage().realPart(), x.shape());
        return Autograd.record("real", y, g -> new Tensor[] {g}, x);
    }

    /** Imaginary part (shares storage); zeros, outside the graph, for real input. */
    public static Tensor imag(Tensor x) {
        if (!x.isComplex()) {
            return Tensor.zeros(x.dtype(), x.shape());
        }
        Tensor y = new Tensor(x.storage().imagPart(), x.shape());
        return Autograd.record("imag", y, g -> new Tensor[] {complex(Tensor.zeros(g.dtype(), g.shape()), g)}, x);
    }

    /** {@code re + i·im}; both real, same shape; promoted to a common precision. */
    public static Tensor complex(Tensor re, Tensor im) {
        if (re.isComplex() || im.isComplex()) {
            throw new IllegalArgumentException("complex: parts must be real, got " + re.dtype() + " and " + im.dtype());
        }
        if (!java.util.Arrays.equals(re.shape(), im.shape())) {
            throw new IllegalArgumentException("complex: parts have shapes " + dev.s4j.autograd.Shape.format(re.shape())
                    + " and " + dev.s4j.autograd.Shape.format(im.shape()));
        }
        DType real = DType.promote(re.dtype(), im.dtype());
        Storage r = re.dtype() == real ? re.storage() : re.storage().convert(real);
        Storage i = im.dtype() == real ? im.storage() : im.storage().convert(real);
        Tensor z = new Tensor(Storage.complex(r, i), re.shape());
        return Autograd.record("complex", z, g -> new Tensor[] {g.real(), g.imag()}, re, im);
    }

    /** |x|: the modulus for complex input (a real tensor), the absolute value for real input. */
    public static Tensor abs(Tensor x) {
        Tensor y = new Tensor(x.isComplex()
                ? Elementwise.complexToReal(x.storage(), Math::hypot)
                : Elementwise.map(x.storage(), Math::abs), x.shape());
        return Autograd.record("abs", y, g -> {
            // d|z| = Re(conj(z/|z|) dz): grad = g · z/|z|, taken as 0 where z = 0.
            Tensor safe = new Tensor(Elementwise.map(y.storage(), v -> v == 0 ? 1 : v), y.shape());
            return new Tensor[] {x.div(safe).mul(g)};
        }, x);
    }

    /** atan2(Im x, Re x), a real tensor (0 or π for real input). */
    public static Tensor angle(Tensor x) {
        Tensor y = new Tensor(x.isComplex()
                ? Elementwise.complexToReal(x.storage(), (re, im) -> Math.atan2(im, re))
                : Elementwise.map(x.storage(), v -> v < 0 ? Math.PI : 0), x.shape());
        return Autograd.record("angle", y, g -> {
            if (!x.isComplex()) {
                return new Tensor[] {Tensor.zeros(x.dtype(), x.shape())};
            }
            // taken as 0 where z = 0, like abs
            Tensor r2 = new Tensor(Elementwise.map(x.abs().pow(2).storage(), v -> v == 0 ? Double.POSITIVE_INFINITY : v),
                    x.shape());
            Tensor iz = complex(x.imag().neg(), x.real());
            return new Tensor[] {iz.div(r2).mul(g)};
        }, x);
    }
}

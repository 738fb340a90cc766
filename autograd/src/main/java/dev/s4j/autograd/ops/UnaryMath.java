package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.Elementwise;

/**
 * exp, log, sqrt, pow (real exponent), reciprocal, for real and complex tensors (complex:
 * principal branches). All are holomorphic where defined, so backward is
 * {@code grad_x = conj(f'(x)) · g}.
 */
public final class UnaryMath {
    private UnaryMath() {
    }

    /** e^x; backward {@code g · conj(y)}. */
    public static Tensor exp(Tensor x) {
        Tensor y = new Tensor(x.isComplex()
                ? Elementwise.mapComplex(x.storage(), (re, im, o) -> {
                    double m = Math.exp(re);
                    o[0] = m * Math.cos(im);
                    o[1] = m * Math.sin(im);
                })
                : Elementwise.map(x.storage(), Math::exp), x.shape());
        return Autograd.record("exp", y, g -> new Tensor[] {g.mul(y.conj())}, x);
    }

    /** Natural log (principal branch); backward {@code g / conj(x)}. */
    public static Tensor log(Tensor x) {
        Tensor y = new Tensor(x.isComplex()
                ? Elementwise.mapComplex(x.storage(), (re, im, o) -> {
                    o[0] = Math.log(Math.hypot(re, im));
                    o[1] = Math.atan2(im, re);
                })
                : Elementwise.map(x.storage(), Math::log), x.shape());
        return Autograd.record("log", y, g -> new Tensor[] {g.div(x.conj())}, x);
    }

    /** Square root (principal branch); backward {@code g / (2·conj(y))}. */
    public static Tensor sqrt(Tensor x) {
        Tensor y = new Tensor(x.isComplex()
                ? Elementwise.mapComplex(x.storage(), (re, im, o) -> {
                    double r = Math.hypot(re, im);
                    double s = Math.sqrt((r + Math.abs(re)) / 2);
                    if (s == 0) {
                        o[0] = 0;
                        o[1] = 0;
                    } else if (re >= 0) {
                        o[0] = s;
                        o[1] = im / (2 * s);
                    } else {
                        o[0] = Math.abs(im) / (2 * s);
                        o[1] = Math.copySign(s, im);
                    }
                })
                : Elementwise.map(x.storage(), Math::sqrt), x.shape());
        return Autograd.record("sqrt", y, g -> new Tensor[] {g.div(y.conj().mul(2))}, x);
    }

    /** {@code x^p} for real {@code p} (complex: exp(p·log x)); backward {@code g · conj(p·x^(p−1))}. */
    public static Tensor pow(Tensor x, double p) {
        Tensor y = new Tensor(x.isComplex()
                ? Elementwise.mapComplex(x.storage(), (re, im, o) -> {
                    if (re == 0 && im == 0) {
                        o[0] = p == 0 ? 1 : p > 0 ? 0 : Double.POSITIVE_INFINITY;
                        o[1] = 0;
                        return;
                    }
                    double m = Math.pow(Math.hypot(re, im), p);
                    double a = p * Math.atan2(im, re);
                    o[0] = m * Math.cos(a);
                    o[1] = m * Math.sin(a);
                })
                : Elementwise.map(x.storage(), v -> Math.pow(v, p)), x.shape());
        return Autograd.record("pow", y, g -> new Tensor[] {
            p == 0 ? null : g.mul(x.pow(p - 1).conj().mul(p))}, x);
    }

    /** 1/x; backward {@code −g · conj(y²)}. */
    public static Tensor reciprocal(Tensor x) {
        Tensor y = new Tensor(x.isComplex()
                ? Elementwise.mapComplex(x.storage(), (re, im, o) -> {
                    double d = re * re + im * im;
                    o[0] = re / d;
                    o[1] = -im / d;
                })
                : Elementwise.map(x.storage(), v -> 1 / v), x.shape());
        return Autograd.record("reciprocal", y, g -> new Tensor[] {g.mul(y.mul(y).conj()).neg()}, x);
    }
}

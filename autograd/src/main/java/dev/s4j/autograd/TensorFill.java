package dev.s4j.autograd;

import java.util.Arrays;

/**
 * How the creation factories of {@link Tensor} fill a new tensor: constants, ranges and draws
 * from a {@link Generator}, in row-major order. The draw order is part of the contract: the same
 * generator state gives the same values.
 */
final class TensorFill {
    private TensorFill() {
    }

    static Tensor full(double value, DType dtype, int[] shape) {
        Storage s = Storage.allocate(dtype, Shape.numel(shape));
        if (s instanceof Storage.F32 f) {
            Arrays.fill(f.re, (float) value);
        } else {
            Arrays.fill(((Storage.F64) s).re, value);
        }
        return new Tensor(s, shape);
    }

    static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || dtype.isComplex()) {
            throw new IllegalArgumentException("arange: step must be non-zero and dtype real, got step " + step + ", " + dtype);
        }
        double count = Math.max(0, Math.ceil((end - start) / step));
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange: " + count + " elements from " + start + " to " + end + " by " + step
                    + " do not fit in one tensor");
        }
        int n = (int) count;
        Tensor t = Tensor.zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            t.storage().setRe(i, start + i * step);
        }
        return t;
    }

    static Tensor linspace(DType dtype, double start, double end, int steps) {
        if (steps < 0 || dtype.isComplex()) {
            throw new IllegalArgumentException("linspace: steps must be >= 0 and dtype real, got " + steps + ", " + dtype);
        }
        Tensor t = Tensor.zeros(dtype, steps);
        for (int i = 0; i < steps; i++) {
            t.storage().setRe(i, steps == 1 ? start : start + (end - start) * i / (steps - 1));
        }
        return t;
    }

    /** N(0, 1) per real value; N(0, 1/2) for each part of a complex one, so that E|z|² = 1. */
    static Tensor randn(Generator gen, DType dtype, int[] shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        double scale = dtype.isComplex() ? Math.sqrt(0.5) : 1;
        for (int i = 0; i < t.numel(); i++) {
            t.storage().setRe(i, scale * gen.nextGaussian());
            if (dtype.isComplex()) {
                t.storage().setIm(i, scale * gen.nextGaussian());
            }
        }
        return t;
    }

    static Tensor uniform(Generator gen, double lo, double hi, DType dtype, int[] shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.numel(); i++) {
            t.storage().setRe(i, lo + (hi - lo) * gen.nextDouble());
            if (dtype.isComplex()) {
                t.storage().setIm(i, lo + (hi - lo) * gen.nextDouble());
            }
        }
        return t;
    }
}

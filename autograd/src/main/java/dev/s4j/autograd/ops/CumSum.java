package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;

/**
 * Cumulative sum along an axis, {@code y[…, k, …] = Σ_{j ≤ k} x[…, j, …]}, accumulated in double.
 * Backward is the reversed cumulative sum of the gradient.
 */
public final class CumSum {
    private CumSum() {
    }

    /** Cumulative sum of {@code x} along {@code axis}. */
    public static Tensor apply(Tensor x, int axis) {
        int ax = Shape.axis(axis, x.rank(), "cumsum");
        Tensor y = new Tensor(scan(x.storage(), x.shape(), ax), x.shape());
        return Autograd.record("cumsum", y, g -> new Tensor[] {apply(g.flip(ax), ax).flip(ax)}, x);
    }

    private static Storage scan(Storage x, int[] shape, int ax) {
        int[] dims = Shape.split(shape, ax, ax);
        int outer = dims[0];
        int n = dims[1];
        int inner = dims[2];
        Storage out = Storage.allocate(x.dtype(), x.length());
        boolean complex = x.isComplex();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double re = 0;
                double im = 0;
                for (int k = 0; k < n; k++) {
                    int at = (o * n + k) * inner + i;
                    re += x.re(at);
                    out.setRe(at, re);
                    if (complex) {
                        im += x.im(at);
                        out.setIm(at, im);
                    }
                }
            }
        }
        return out;
    }
}

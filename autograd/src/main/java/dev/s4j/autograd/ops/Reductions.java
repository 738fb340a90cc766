package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.Elementwise;
import dev.s4j.autograd.kernel.ReduceKernels;

/**
 * Reductions over a set of axes (an empty set reduces nothing), with or without keeping reduced
 * axes as size 1: sum, mean, max, min, var.
 *
 * <p>Backward: sum → g broadcast back; mean → g/n broadcast back; max/min → g shared equally
 * among the elements equal to the result; var is composed of differentiable ops.
 */
public final class Reductions {
    private Reductions() {
    }

    /** Σ over {@code axes}. */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = Shape.axes(axes, x.rank(), "sum");
        int[] keep = keptShape(x.shape(), ax);
        Storage s = x.storage();
        int[] cur = x.shape();
        for (int[] block : blocks(ax)) {
            int[] dims = Shape.split(cur, block[0], block[1]);
            s = ReduceKernels.sum(s, dims[0], dims[1], dims[2]);
            for (int a = block[0]; a <= block[1]; a++) {
                cur[a] = 1;
            }
        }
        int[] xs = x.shape();
        Tensor y = new Tensor(s, keepDims ? keep : dropped(x.shape(), ax));
        return Autograd.record("sum", y, g -> new Tensor[] {g.reshape(keep).expand(xs)}, x);
    }

    /** Mean over {@code axes}. */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = Shape.axes(axes, x.rank(), "mean");
        long count = 1;
        for (int a : ax) {
            count *= x.shape()[a];
        }
        return sum(x, ax, keepDims).div((double) count);
    }

    /** Maximum over {@code axes} (real input). */
    public static Tensor max(Tensor x, int[] axes, boolean keepDims) {
        return extreme("max", x, axes, keepDims, true);
    }

    /** Minimum over {@code axes} (real input). */
    public static Tensor min(Tensor x, int[] axes, boolean keepDims) {
        return extreme("min", x, axes, keepDims, false);
    }

    private static Tensor extreme(String op, Tensor x, int[] axes, boolean keepDims, boolean max) {
        Activations.requireReal(op, x);
        int[] ax = Shape.axes(axes, x.rank(), op);
        for (int a : ax) {
            if (x.shape()[a] == 0) {
                throw new IllegalArgumentException(op + ": axis " + a + " of shape " + Shape.format(x.shape()) + " is empty");
            }
        }
        int[] keep = keptShape(x.shape(), ax);
        Storage s = x.storage();
        int[] cur = x.shape();
        for (int[] block : blocks(ax)) {
            int[] dims = Shape.split(cur, block[0], block[1]);
            s = ReduceKernels.extreme(s, dims[0], dims[1], dims[2], max);
            for (int a = block[0]; a <= block[1]; a++) {
                cur[a] = 1;
            }
        }
        int[] xs = x.shape();
        Tensor y = new Tensor(s, keepDims ? keep : dropped(x.shape(), ax));
        return Autograd.record(op, y, g -> {
            Tensor yb = y.reshape(keep).expand(xs);
            Tensor mask = new Tensor(Elementwise.zip(x.storage(), yb.storage(), (a, b) -> a == b ? 1 : 0), xs);
            Tensor ties = sum(mask, ax, true);
            return new Tensor[] {mask.mul(g.reshape(keep).div(ties))};
        }, x);
    }

    /** Σ|x − mean|² / (n − correction) over {@code axes}; real result. */
    public static Tensor var(Tensor x, int[] axes, boolean keepDims, int correction) {
        int[] ax = Shape.axes(axes, x.rank(), "var");
        long count = 1;
        for (int a : ax) {
            count *= x.shape()[a];
        }
        if (count - correction <= 0) {
            throw new IllegalArgumentException("var: " + count + " elements with correction " + correction
                    + " leave no degrees of freedom (shape " + Shape.format(x.shape()) + ")");
        }
        Tensor d = x.sub(mean(x, ax, true));
        Tensor sq = x.isComplex() ? d.real().mul(d.real()).add(d.imag().mul(d.imag())) : d.mul(d);
        return sum(sq, ax, keepDims).div((double) (count - correction));
    }

    /**
     * Sums {@code g} over the axes along which {@code shape} broadcasts to {@code g.shape()}
     * (leading extra axes and size-1 axes), giving a tensor of {@code shape}: the adjoint of a
     * broadcast.
     */
    public static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int k = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                axes[k++] = i;
            }
        }
        Tensor s = k == 0 ? g : sum(g, java.util.Arrays.copyOf(axes, k), true);
        return s.reshape(shape);
    }

    /** Groups sorted axes into maximal runs of consecutive axes: {first, last} pairs. */
    private static int[][] blocks(int[] ax) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < ax.length) {
            int j = i;
            while (j + 1 < ax.length && ax[j + 1] == ax[j] + 1) {
                j++;
            }
            out.add(new int[] {ax[i], ax[j]});
            i = j + 1;
        }
        return out.toArray(new int[0][]);
    }

    static int[] keptShape(int[] shape, int[] ax) {
        int[] keep = shape.clone();
        for (int a : ax) {
            keep[a] = 1;
        }
        return keep;
    }

    private static int[] dropped(int[] shape, int[] ax) {
        int[] out = new int[shape.length - ax.length];
        for (int i = 0, j = 0, k = 0; i < shape.length; i++) {
            if (k < ax.length && ax[k] == i) {
                k++;
            } else {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}

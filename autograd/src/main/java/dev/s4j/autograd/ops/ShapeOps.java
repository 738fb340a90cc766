package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.kernel.BinaryKernels;
import dev.s4j.autograd.kernel.Broadcast;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Shape ops: reshape (shares storage), expand (a broadcast copy), ops that move elements —
 * permute, slice, index-select, pad, flip — plus concat and stack.
 *
 * <p>Every element-moving op is a gather {@code out[k] = x[map[k]]} (map −1 = 0, for padding);
 * its backward is the adjoint scatter-add {@code grad_x[map[k]] += g[k]}, which also sums
 * repeated indices (index-select). The map is rebuilt in backward instead of being kept.
 */
public final class ShapeOps {
    private ShapeOps() {
    }

    /** Same elements, new shape; one entry may be −1. */
    public static Tensor reshape(Tensor x, int... shape) {
        int[] s = inferShape(x, shape);
        if (Arrays.equals(s, x.shape())) {
            return alias(x, "reshape");
        }
        int[] xs = x.shape();
        Tensor y = new Tensor(x.storage(), s);
        return Autograd.record("reshape", y, g -> new Tensor[] {g.reshape(xs)}, x);
    }

    private static int[] inferShape(Tensor x, int[] shape) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(shape));
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: negative size in " + Arrays.toString(shape));
            } else {
                known *= shape[i];
            }
        }
        int[] s = shape.clone();
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Arrays.toString(shape)
                        + " for " + x.numel() + " elements (shape " + Shape.format(x.shape()) + ")");
            }
            s[infer] = (int) (x.numel() / known);
        } else if (known != x.numel()) {
            throw new IllegalArgumentException("reshape: cannot view shape " + Shape.format(x.shape()) + " ("
                    + x.numel() + " elements) as " + Shape.format(shape) + " (" + known + " elements)");
        }
        return s;
    }

    /** Output axis i is input axis {@code order[i]}. */
    public static Tensor permute(Tensor x, int... order) {
        int rank = x.rank();
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for shape " + Shape.format(x.shape()));
        }
        int[] o = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            o[i] = Shape.axis(order[i], rank, "permute");
            if (seen[o[i]]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " is not a permutation of the axes of "
                        + Shape.format(x.shape()));
            }
            seen[o[i]] = true;
        }
        int[] xs = x.shape();
        int[] xStrides = Shape.strides(xs);
        int[] outShape = new int[rank];
        int[] strides = new int[rank];
        boolean identity = true;
        for (int i = 0; i < rank; i++) {
            outShape[i] = xs[o[i]];
            strides[i] = xStrides[o[i]];
            identity &= o[i] == i;
        }
        if (identity) {
            return alias(x, "permute");
        }
        return gather("permute", x, outShape, () -> strided(outShape, 0, strides));
    }

    /** Swaps two axes. */
    public static Tensor transpose(Tensor x, int a, int b) {
        int[] order = new int[x.rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int aa = Shape.axis(a, x.rank(), "transpose");
        int bb = Shape.axis(b, x.rank(), "transpose");
        order[aa] = bb;
        order[bb] = aa;
        return permute(x, order);
    }

    /** Elements start, start+step, … before end along an axis (bounds clamped, negatives from the end). */
    public static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int ax = Shape.axis(axis, x.rank(), "slice");
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int n = x.shape()[ax];
        int s = clamp(start < 0 ? start + n : start, n);
        int e = clamp(end < 0 ? end + n : end, n);
        int m = e > s ? (e - s + step - 1) / step : 0;
        if (s == 0 && m == n && step == 1) {
            return alias(x, "slice");
        }
        if (step == 1) {
            return block("slice", x, ax, s, 0, m, m);
        }
        int[] xStrides = Shape.strides(x.shape());
        int[] outShape = Shape.with(x.shape(), ax, m);
        int[] strides = xStrides.clone();
        strides[ax] *= step;
        int offset = s * xStrides[ax];
        return gather("slice", x, outShape, () -> strided(outShape, offset, strides));
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n, v));
    }

    /** The sub-tensor at {@code index} along {@code axis}, that axis removed. */
    public static Tensor select(Tensor x, int axis, int index) {
        int ax = Shape.axis(axis, x.rank(), "select");
        int n = x.shape()[ax];
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for axis " + axis
                    + " of shape " + Shape.format(x.shape()));
        }
        int i = index < 0 ? index + n : index;
        return squeeze(slice(x, ax, i, i + 1, 1), ax);
    }

    /** Picks {@code indices} along {@code axis} (repeats allowed; their gradients add up). */
    public static Tensor indexSelect(Tensor x, int axis, int... indices) {
        int ax = Shape.axis(axis, x.rank(), "indexSelect");
        int n = x.shape()[ax];
        int[] idx = indices.clone();
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < -n || idx[k] >= n) {
                throw new IndexOutOfBoundsException("indexSelect: index " + indices[k] + " at position " + k
                        + " out of range for axis " + axis + " of shape " + Shape.format(x.shape()));
            }
            idx[k] = idx[k] < 0 ? idx[k] + n : idx[k];
        }
        int[] outShape = Shape.with(x.shape(), ax, idx.length);
        int[] dims = Shape.split(x.shape(), ax, ax);
        return gather("indexSelect", x, outShape, () -> {
            int outer = dims[0];
            int inner = dims[2];
            int[] map = new int[outer * idx.length * inner];
            int k = 0;
            for (int o = 0; o < outer; o++) {
                for (int j : idx) {
                    int base = (o * n + j) * inner;
                    for (int i = 0; i < inner; i++) {
                        map[k++] = base + i;
                    }
                }
            }
            return map;
        });
    }

    /** Broadcasts to {@code shape} by numpy rules (materialized copy); backward sums over the broadcast axes. */
    public static Tensor expand(Tensor x, int... shape) {
        int[] xs = x.shape();
        if (!Shape.broadcastsTo(xs, shape)) {
            throw new IllegalArgumentException("expand: shape " + Shape.format(xs) + " cannot be broadcast to "
                    + Shape.format(shape));
        }
        if (Arrays.equals(xs, shape)) {
            return alias(x, "expand");
        }
        Storage out = Storage.allocate(x.dtype(), Shape.numel(shape));
        BinaryKernels.broadcastCopy(Broadcast.plan(xs, new int[0], shape), x.storage(), out);
        Tensor y = new Tensor(out, shape);
        return Autograd.record("expand", y, g -> new Tensor[] {Reductions.sumTo(g, xs)}, x);
    }

    /** Inserts a size-1 axis. */
    public static Tensor unsqueeze(Tensor x, int axis) {
        int ax = Shape.axis(axis, x.rank() + 1, "unsqueeze");
        return reshape(x, Shape.insert(x.shape(), ax, 1));
    }

    /** Removes a size-1 axis. */
    public static Tensor squeeze(Tensor x, int axis) {
        int ax = Shape.axis(axis, x.rank(), "squeeze");
        if (x.shape()[ax] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + Shape.format(x.shape())
                    + " has size " + x.shape()[ax] + ", not 1");
        }
        return reshape(x, Shape.remove(x.shape(), ax));
    }

    /** Zero padding along one axis. */
    public static Tensor pad(Tensor x, int axis, int before, int after) {
        int ax = Shape.axis(axis, x.rank(), "pad");
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("pad: amounts must be >= 0, got " + before + " and " + after);
        }
        if (before == 0 && after == 0) {
            return alias(x, "pad");
        }
        int n = x.shape()[ax];
        return block("pad", x, ax, 0, before, n, Math.addExact(n, before + after));
    }

    /**
     * Copies positions {@code [from, from + count)} of axis {@code ax} of x to positions
     * {@code [to, to + count)} of a zero tensor whose axis has {@code length} positions: a slice
     * with step 1 or a zero pad, done as one array copy per outer index. The backward is the same
     * op in the other direction.
     */
    private static Tensor block(String op, Tensor x, int ax, int from, int to, int count, int length) {
        int[] xs = x.shape();
        int n = xs[ax];
        int[] outShape = Shape.with(xs, ax, length);
        int[] dims = Shape.split(xs, ax, ax);
        int outer = dims[0];
        int inner = dims[2];
        Storage out = Storage.allocate(x.dtype(), Shape.numel(outShape));
        Storage src = x.storage();
        for (int o = 0; o < outer; o++) {
            Storage.copy(src, (o * n + from) * inner, out, (o * length + to) * inner, count * inner);
        }
        Tensor y = new Tensor(out, outShape);
        return Autograd.record(op, y, g -> new Tensor[] {block(op + " backward", g, ax, to, from, count, n)}, x);
    }

    /** Reverses element order along each of {@code axes}. */
    public static Tensor flip(Tensor x, int... axes) {
        int[] ax = Shape.axes(axes, x.rank(), "flip");
        if (ax.length == 0) {
            return alias(x, "flip");
        }
        int[] xs = x.shape();
        int[] strides = Shape.strides(xs);
        int offset = 0;
        for (int a : ax) {
            offset += (xs[a] - 1) * strides[a];
            strides[a] = -strides[a];
        }
        int off = offset;
        return gather("flip", x, xs, () -> strided(xs, off, strides));
    }

    /** Concatenation along an existing axis; all other axes must match. */
    public static Tensor cat(int axis, Tensor... xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("cat: no tensors given");
        }
        int[] first = xs[0].shape();
        int ax = Shape.axis(axis, first.length, "cat");
        DType dt = xs[0].dtype();
        int total = 0;
        for (Tensor t : xs) {
            int[] s = t.shape();
            if (s.length != first.length) {
                throw new IllegalArgumentException("cat: ranks differ: " + Shape.format(first) + " and " + Shape.format(s));
            }
            for (int i = 0; i < s.length; i++) {
                if (i != ax && s[i] != first[i]) {
                    throw new IllegalArgumentException("cat: shapes " + Shape.format(first) + " and " + Shape.format(s)
                            + " differ in axis " + i + " (concatenating along axis " + ax + ")");
                }
            }
            total = Math.addExact(total, s[ax]);
            dt = DType.promote(dt, t.dtype());
        }
        int[] outShape = Shape.with(first, ax, total);
        int[] dims = Shape.split(outShape, ax, ax);
        int outer = dims[0];
        int inner = dims[2];
        Storage out = Storage.allocate(dt, Shape.numel(outShape));
        int at = 0;
        int[] offsets = new int[xs.length];
        for (int k = 0; k < xs.length; k++) {
            Storage s = xs[k].dtype() == dt ? xs[k].storage() : xs[k].storage().convert(dt);
            int len = xs[k].shape()[ax] * inner;
            for (int o = 0; o < outer; o++) {
                Storage.copy(s, o * len, out, o * total * inner + at * inner, len);
            }
            offsets[k] = at;
            at += xs[k].shape()[ax];
        }
        Tensor y = new Tensor(out, outShape);
        int[] sizes = new int[xs.length];
        boolean[] needed = new boolean[xs.length];
        for (int k = 0; k < xs.length; k++) {
            sizes[k] = xs[k].shape()[ax];
            needed[k] = xs[k].requiresGrad();
        }
        return Autograd.record("cat", y, g -> {
            Tensor[] grads = new Tensor[sizes.length];
            for (int k = 0; k < sizes.length; k++) {
                grads[k] = needed[k] ? slice(g, ax, offsets[k], offsets[k] + sizes[k], 1) : null;
            }
            return grads;
        }, xs);
    }

    /** Joins equal-shaped tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        int ax = Shape.axis(axis, xs[0].rank() + 1, "stack");
        Tensor[] u = new Tensor[xs.length];
        for (int k = 0; k < xs.length; k++) {
            if (!Arrays.equals(xs[k].shape(), xs[0].shape())) {
                throw new IllegalArgumentException("stack: shapes " + Shape.format(xs[0].shape()) + " and "
                        + Shape.format(xs[k].shape()) + " differ (tensor " + k + ")");
            }
            u[k] = unsqueeze(xs[k], ax);
        }
        return cat(ax, u);
    }

    /** A new tensor object sharing x's storage, in the graph as an identity (a no-op shape op). */
    private static Tensor alias(Tensor x, String op) {
        return Autograd.record(op, new Tensor(x.storage(), x.shape()), g -> new Tensor[] {g}, x);
    }

    private static Tensor gather(String op, Tensor x, int[] outShape, Supplier<int[]> map) {
        int n = x.numel();
        int[] xs = x.shape();
        Tensor y = new Tensor(x.storage().gather(map.get()), outShape);
        return Autograd.record(op, y, g -> new Tensor[] {new Tensor(g.storage().scatterAdd(map.get(), n), xs)}, x);
    }

    /** Index map of a strided view: out element (i₀, i₁, …) reads {@code offset + Σ iₖ·strides[k]}. */
    private static int[] strided(int[] shape, int offset, int[] strides) {
        int n = Shape.numel(shape);
        int[] map = new int[n];
        if (n == 0) {
            return map;
        }
        int rank = shape.length;
        int[] idx = new int[rank];
        int src = offset;
        int innerSize = rank == 0 ? 1 : shape[rank - 1];
        int innerStride = rank == 0 ? 0 : strides[rank - 1];
        for (int k = 0; k < n; k += innerSize) {
            for (int i = 0; i < innerSize; i++) {
                map[k + i] = src + i * innerStride;
            }
            // advance the outer odometer (axes 0 … rank-2)
            for (int a = rank - 2; a >= 0; a--) {
                idx[a]++;
                src += strides[a];
                if (idx[a] < shape[a]) {
                    break;
                }
                src -= idx[a] * strides[a];
                idx[a] = 0;
            }
        }
        return map;
    }
}

package dev.s4j.autograd;

import java.util.Arrays;

/**
 * Helpers for shapes ({@code int[]}, row-major, outermost axis first).
 *
 * <p>All checks throw {@link IllegalArgumentException} with a message that names the operation and
 * the shapes involved, e.g. {@code "add: shapes (2, 3) and (4) are not broadcastable"}.
 */
public final class Shape {
    private Shape() {
    }

    /** Number of elements of a shape; throws if it overflows an int or has a negative axis. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + format(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + format(shape) + " has more than 2^31 elements");
            }
        }
        return (int) n;
    }

    /** Formats a shape as {@code (2, 3, 4)}; a scalar prints as {@code ()}. */
    public static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** Row-major strides (in elements) of a contiguous tensor of this shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Resolves a possibly negative axis against a rank, naming {@code op} on error. */
    public static int axis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /** All axes of a tensor of rank {@code rank}: 0, 1, …, rank − 1. */
    public static int[] all(int rank) {
        int[] all = new int[rank];
        for (int i = 0; i < rank; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Resolves (negative axes count from the end) and sorts a set of axes; duplicates are an error. */
    public static int[] axes(int[] axes, int rank, String op) {
        int[] r = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            r[i] = axis(axes[i], rank, op);
        }
        Arrays.sort(r);
        for (int i = 1; i < r.length; i++) {
            if (r[i] == r[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + r[i] + " is repeated in " + Arrays.toString(axes));
            }
        }
        return r;
    }

    /** The numpy broadcast of two shapes, or an error naming {@code op}. */
    public static int[] broadcast(int[] a, int[] b, String op) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " are not broadcastable (axis " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** True if {@code from} can be broadcast to {@code to} (numpy rules). */
    public static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        int off = to.length - from.length;
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 1 && from[i] != to[i + off]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sizes {outer, middle, inner} of a row-major tensor viewed as three axes: the product of the
     * axes before {@code first}, of {@code first … last}, and of those after {@code last}.
     */
    public static int[] split(int[] shape, int first, int last) {
        int outer = 1;
        int middle = 1;
        int inner = 1;
        for (int i = 0; i < shape.length; i++) {
            if (i < first) {
                outer *= shape[i];
            } else if (i <= last) {
                middle *= shape[i];
            } else {
                inner *= shape[i];
            }
        }
        return new int[] {outer, middle, inner};
    }

    /** The shape with axis {@code axis} removed. */
    public static int[] remove(int[] shape, int axis) {
        int[] r = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                r[j++] = shape[i];
            }
        }
        return r;
    }

    /** The shape with {@code size} inserted at {@code axis}. */
    public static int[] insert(int[] shape, int axis, int size) {
        int[] r = new int[shape.length + 1];
        for (int i = 0, j = 0; i < r.length; i++) {
            r[i] = i == axis ? size : shape[j++];
        }
        return r;
    }

    /** The shape with axis {@code axis} set to {@code size}. */
    public static int[] with(int[] shape, int axis, int size) {
        int[] r = shape.clone();
        r[axis] = size;
        return r;
    }
}

package dev.s4j.autograd.kernel;

/**
 * Iteration plan for a binary elementwise op under numpy broadcasting.
 *
 * <p>The output is visited as {@link #runs()} contiguous runs of {@link #runLength()} elements.
 * Within a run each input advances with step 1 or 0 ({@link #stepA()}, {@link #stepB()}); the
 * inputs' run starts come from {@link #offsetA(int)} and {@link #offsetB(int)}. Adjacent axes
 * that are laid out alike are merged first, so common cases (same shape; a per-channel vector
 * against {@code (B, H, L)}) become few long runs.
 */
public final class Broadcast {
    private final int[] outer;
    private final int[] strideA;
    private final int[] strideB;
    private final int runLength;
    private final int stepA;
    private final int stepB;
    private final int runs;

    private Broadcast(int[] outer, int[] strideA, int[] strideB, int runLength, int stepA, int stepB) {
        this.outer = outer;
        this.strideA = strideA;
        this.strideB = strideB;
        this.runLength = runLength;
        this.stepA = stepA;
        this.stepB = stepB;
        int r = 1;
        for (int d : outer) {
            r *= d;
        }
        this.runs = r;
    }

    /** Plan for inputs of shapes {@code a} and {@code b} whose broadcast is {@code out}. */
    public static Broadcast plan(int[] a, int[] b, int[] out) {
        int rank = out.length;
        int[] sa = inputStrides(a, out);
        int[] sb = inputStrides(b, out);
        // Merge axes from the innermost outwards when both inputs keep their layout across them.
        int[] dims = new int[rank];
        int[] ma = new int[rank];
        int[] mb = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (out[i] == 1) {
                continue;
            }
            if (k > 0 && ma[k - 1] == sa[i] * out[i] && mb[k - 1] == sb[i] * out[i]) {
                dims[k - 1] *= out[i];
                ma[k - 1] = sa[i];
                mb[k - 1] = sb[i];
            } else {
                dims[k] = out[i];
                ma[k] = sa[i];
                mb[k] = sb[i];
                k++;
            }
        }
        if (k == 0) {
            return new Broadcast(new int[0], new int[0], new int[0], 1, 0, 0);
        }
        int inner = dims[k - 1];
        int stepA = ma[k - 1];
        int stepB = mb[k - 1];
        int[] outerDims = java.util.Arrays.copyOf(dims, k - 1);
        return new Broadcast(outerDims, java.util.Arrays.copyOf(ma, k - 1), java.util.Arrays.copyOf(mb, k - 1),
                inner, stepA, stepB);
    }

    /** Strides of an input right-aligned against {@code out}: 0 along broadcast axes. */
    private static int[] inputStrides(int[] in, int[] out) {
        int rank = out.length;
        int off = rank - in.length;
        int[] s = new int[rank];
        int acc = 1;
        for (int i = in.length - 1; i >= 0; i--) {
            s[i + off] = in[i] == 1 ? 0 : acc;
            acc *= in[i];
        }
        return s;
    }

    /** Number of runs. */
    public int runs() {
        return runs;
    }

    /** Elements per run. */
    public int runLength() {
        return runLength;
    }

    /** Step of input A inside a run (0 or 1). */
    public int stepA() {
        return stepA;
    }

    /** Step of input B inside a run (0 or 1). */
    public int stepB() {
        return stepB;
    }

    /** Start of run {@code r} in input A. */
    public int offsetA(int r) {
        return offset(r, strideA);
    }

    /** Start of run {@code r} in input B. */
    public int offsetB(int r) {
        return offset(r, strideB);
    }

    private int offset(int r, int[] stride) {
        int off = 0;
        for (int i = outer.length - 1; i >= 0; i--) {
            int d = outer[i];
            off += (r % d) * stride[i];
            r /= d;
        }
        return off;
    }
}

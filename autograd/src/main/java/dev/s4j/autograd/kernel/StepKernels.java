package dev.s4j.autograd.kernel;

/**
 * The arithmetic of one recurrent step of a batch of state space models, on float64 arrays. The
 * state of H models is laid out as H rows of {@code len} complex entries, each complex vector split
 * into a real and an imaginary array; one call covers all rows (the rows are short: N/2 = 32 for
 * the usual state size, so a call per row would cost more than its arithmetic). Every sum is taken
 * in a fixed order, so a step gives the same bits on every run. Runs on the Vector API when
 * {@link VectorSupport#available()}, else in plain loops ({@link StepScalar}).
 */
public final class StepKernels {
    private static final boolean VECTOR = VectorSupport.available();

    private StepKernels() {
    }

    /**
     * {@code x_r ← a_r ∘ x_r + b_r u_r} for each row r &lt; rows: a and b are (rows, len) from index 0,
     * x is (rows, len) from {@code x0}, u real from {@code u0}.
     */
    public static void diagonalUpdate(double[] aRe, double[] aIm, double[] bRe, double[] bIm, double[] xRe, double[] xIm, int x0,
                                      int rows, int len, double[] u, int u0) {
        for (int r = 0; r < rows; r++) {
            if (VECTOR) {
                StepVector.diagonalUpdate(aRe, aIm, bRe, bIm, r * len, xRe, xIm, x0 + r * len, len, u[u0 + r]);
            } else {
                StepScalar.diagonalUpdate(aRe, aIm, bRe, bIm, r * len, xRe, xIm, x0 + r * len, len, u[u0 + r]);
            }
        }
    }

    /**
     * {@code out[o0 + r] = scale · Re Σ_n c_r,n x_r,n} for each row: c (rows, len) from {@code c0},
     * x (rows, len) from {@code x0}.
     */
    public static void realProducts(double[] cRe, double[] cIm, int c0, double[] xRe, double[] xIm, int x0, int rows, int len,
                                    double scale, double[] out, int o0) {
        for (int r = 0; r < rows; r++) {
            out[o0 + r] = scale * (VECTOR ? StepVector.realProduct(cRe, cIm, c0 + r * len, xRe, xIm, x0 + r * len, len)
                    : StepScalar.realProduct(cRe, cIm, c0 + r * len, xRe, xIm, x0 + r * len, len));
        }
    }

    /** Like {@link #realProducts} with {@code Re Σ_n conj(a_r,n) x_r,n}. */
    public static void conjugateProducts(double[] aRe, double[] aIm, int a0, double[] xRe, double[] xIm, int x0, int rows, int len,
                                         double scale, double[] out, int o0) {
        for (int r = 0; r < rows; r++) {
            out[o0 + r] = scale * (VECTOR ? StepVector.conjugateProduct(aRe, aIm, a0 + r * len, xRe, xIm, x0 + r * len, len)
                    : StepScalar.conjugateProduct(aRe, aIm, a0 + r * len, xRe, xIm, x0 + r * len, len));
        }
    }

    /** {@code x_r ← x_r − f_r w_r} for each row: f (rows, len) from {@code f0}, w real from {@code w0}. */
    public static void subtractScaled(double[] fRe, double[] fIm, int f0, double[] w, int w0, double[] xRe, double[] xIm, int x0,
                                      int rows, int len) {
        for (int r = 0; r < rows; r++) {
            if (VECTOR) {
                StepVector.subtractScaled(fRe, fIm, f0 + r * len, w[w0 + r], xRe, xIm, x0 + r * len, len);
            } else {
                StepScalar.subtractScaled(fRe, fIm, f0 + r * len, w[w0 + r], xRe, xIm, x0 + r * len, len);
            }
        }
    }

    /**
     * {@code out[o0 + j] += Σ_i x[x0 + i] · wT[i·m + j]} for j &lt; m: a matrix–vector product with
     * the (n, m) transposed weight, each output summed over i in order with fused multiply–adds.
     */
    public static void multiplyAdd(double[] wT, int n, int m, double[] x, int x0, double[] out, int o0) {
        if (VECTOR) {
            StepVector.multiplyAdd(wT, n, m, x, x0, out, o0);
        } else {
            StepScalar.multiplyAdd(wT, n, m, x, x0, out, o0, 0);
        }
    }
}

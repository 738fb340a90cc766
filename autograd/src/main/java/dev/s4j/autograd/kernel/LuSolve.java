package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;

/**
 * Batched linear solves {@code A X = B} by LU factorization with partial pivoting, in float64
 * whatever the storage precision, real or complex. Each batch entry runs on its own, in parallel.
 */
public final class LuSolve {
    private LuSolve() {
    }

    /**
     * Solves {@code batch} systems: A (batch, n, n), B and X (batch, n, k), all of one kind (real
     * or complex).
     *
     * @throws ArithmeticException naming the batch entry when a matrix is singular
     */
    public static void solve(Storage a, Storage b, Storage x, int batch, int n, int k) {
        boolean complex = a.isComplex();
        Parallel.range(batch, Math.max(1, 4096 / Math.max(1, n * n * (n + k))), (from, to) -> {
            double[] ar = new double[n * n];
            double[] ai = complex ? new double[n * n] : null;
            double[] br = new double[n * k];
            double[] bi = complex ? new double[n * k] : null;
            for (int t = from; t < to; t++) {
                for (int i = 0; i < n * n; i++) {
                    ar[i] = a.re(t * n * n + i);
                    if (complex) {
                        ai[i] = a.im(t * n * n + i);
                    }
                }
                for (int i = 0; i < n * k; i++) {
                    br[i] = b.re(t * n * k + i);
                    if (complex) {
                        bi[i] = b.im(t * n * k + i);
                    }
                }
                factorAndSolve(ar, ai, br, bi, n, k, t);
                for (int i = 0; i < n * k; i++) {
                    x.setRe(t * n * k + i, br[i]);
                    if (complex) {
                        x.setIm(t * n * k + i, bi[i]);
                    }
                }
            }
        });
    }

    /** Gaussian elimination with partial pivoting on [A | B], then back substitution; B becomes X. */
    private static void factorAndSolve(double[] ar, double[] ai, double[] br, double[] bi, int n, int k, int entry) {
        boolean complex = ai != null;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            double best = -1;
            for (int row = col; row < n; row++) {
                double mag = complex ? Math.hypot(ar[row * n + col], ai[row * n + col]) : Math.abs(ar[row * n + col]);
                if (mag > best) {
                    best = mag;
                    pivot = row;
                }
            }
            if (best == 0 || !Double.isFinite(best)) {
                throw new ArithmeticException("solve: matrix " + entry + " of the batch is singular (no pivot in column "
                        + col + ")");
            }
            if (pivot != col) {
                swapRows(ar, n, pivot, col);
                swapRows(br, k, pivot, col);
                if (complex) {
                    swapRows(ai, n, pivot, col);
                    swapRows(bi, k, pivot, col);
                }
            }
            double pr = ar[col * n + col];
            double pi = complex ? ai[col * n + col] : 0;
            double pd = pr * pr + pi * pi;
            for (int row = col + 1; row < n; row++) {
                // factor f = A[row, col] / pivot
                double xr = ar[row * n + col];
                double xi = complex ? ai[row * n + col] : 0;
                double fr = (xr * pr + xi * pi) / pd;
                double fi = (xi * pr - xr * pi) / pd;
                if (fr == 0 && fi == 0) {
                    continue;
                }
                eliminate(ar, ai, n, col, row, col, n, fr, fi);
                eliminate(br, bi, k, col, row, 0, k, fr, fi);
            }
        }
        for (int col = n - 1; col >= 0; col--) {
            double pr = ar[col * n + col];
            double pi = complex ? ai[col * n + col] : 0;
            double pd = pr * pr + pi * pi;
            for (int j = 0; j < k; j++) {
                double sr = br[col * k + j];
                double si = complex ? bi[col * k + j] : 0;
                for (int c = col + 1; c < n; c++) {
                    double mr = ar[col * n + c];
                    double mi = complex ? ai[col * n + c] : 0;
                    double yr = br[c * k + j];
                    double yi = complex ? bi[c * k + j] : 0;
                    sr -= mr * yr - mi * yi;
                    si -= mr * yi + mi * yr;
                }
                br[col * k + j] = (sr * pr + si * pi) / pd;
                if (complex) {
                    bi[col * k + j] = (si * pr - sr * pi) / pd;
                }
            }
        }
    }

    /** row[target] −= f · row[source] over columns [from, to) of an array with the given width. */
    private static void eliminate(double[] re, double[] im, int width, int source, int target, int from, int to,
                                  double fr, double fi) {
        for (int c = from; c < to; c++) {
            double sr = re[source * width + c];
            double si = im == null ? 0 : im[source * width + c];
            re[target * width + c] -= fr * sr - fi * si;
            if (im != null) {
                im[target * width + c] -= fr * si + fi * sr;
            }
        }
    }

    private static void swapRows(double[] m, int width, int a, int b) {
        for (int c = 0; c < width; c++) {
            double t = m[a * width + c];
            m[a * width + c] = m[b * width + c];
            m[b * width + c] = t;
        }
    }
}

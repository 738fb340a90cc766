package dev.s4j.autograd.kernel;

import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Storage;

/**
 * Elementwise {@code + − × ÷} and broadcast copies over broadcast operands, on float32 or float64 planes, real or
 * planar complex. Work is split into pieces of at most {@link #PIECE} elements that run on the
 * shared pool.
 */
public final class BinaryKernels {
    /** The four arithmetic ops. */
    public enum Op { ADD, SUB, MUL, DIV }

    private static final int PIECE = 1 << 14;
    private static final int PARALLEL_MIN = 1 << 15;

    private BinaryKernels() {
    }

    @FunctionalInterface
    private interface Piece {
        void run(int offA, int offB, int offOut, int length);
    }

    /** Runs {@code body} on every piece of the plan, in parallel when large. */
    private static void forEachPiece(Broadcast p, Piece body) {
        int runLength = p.runLength();
        int pieces = (runLength + PIECE - 1) / PIECE;
        int items = p.runs() * pieces;
        int perItem = Math.min(runLength, PIECE);
        int grain = Math.max(1, PARALLEL_MIN / Math.max(1, perItem));
        Parallel.range(items, grain, (from, to) -> {
            for (int w = from; w < to; w++) {
                int r = w / pieces;
                int start = (w % pieces) * PIECE;
                int len = Math.min(PIECE, runLength - start);
                body.run(p.offsetA(r) + start * p.stepA(), p.offsetB(r) + start * p.stepB(), r * runLength + start, len);
            }
        });
    }

    /**
     * Copies {@code src} broadcast to the output of the plan (planned with {@code src} as input A
     * and a scalar as input B): runs become array copies or fills.
     */
    public static void broadcastCopy(Broadcast p, Storage src, Storage dst) {
        int sa = p.stepA();
        if (src instanceof Storage.F32 a && dst instanceof Storage.F32 o) {
            forEachPiece(p, (ao, bo, oo, n) -> {
                copyRun(a.re, ao, sa, o.re, oo, n);
                if (a.im != null) {
                    copyRun(a.im, ao, sa, o.im, oo, n);
                }
            });
        } else {
            Storage.F64 a = (Storage.F64) src;
            Storage.F64 o = (Storage.F64) dst;
            forEachPiece(p, (ao, bo, oo, n) -> {
                copyRun(a.re, ao, sa, o.re, oo, n);
                if (a.im != null) {
                    copyRun(a.im, ao, sa, o.im, oo, n);
                }
            });
        }
    }

    private static void copyRun(float[] a, int ao, int step, float[] o, int oo, int n) {
        if (step == 1) {
            System.arraycopy(a, ao, o, oo, n);
        } else {
            java.util.Arrays.fill(o, oo, oo + n, a[ao]);
        }
    }

    private static void copyRun(double[] a, int ao, int step, double[] o, int oo, int n) {
        if (step == 1) {
            System.arraycopy(a, ao, o, oo, n);
        } else {
            java.util.Arrays.fill(o, oo, oo + n, a[ao]);
        }
    }

    /** Real float32: {@code o = a op b}. */
    public static void real(Op op, Broadcast p, float[] a, float[] b, float[] o) {
        int sa = p.stepA();
        int sb = p.stepB();
        forEachPiece(p, (ao, bo, oo, n) -> run(op, a, ao, sa, b, bo, sb, o, oo, n));
    }

    /** Real float64: {@code o = a op b}. */
    public static void real(Op op, Broadcast p, double[] a, double[] b, double[] o) {
        int sa = p.stepA();
        int sb = p.stepB();
        forEachPiece(p, (ao, bo, oo, n) -> run(op, a, ao, sa, b, bo, sb, o, oo, n));
    }

    /** Complex float32 (planar): {@code o = a op b}. */
    public static void complex(Op op, Broadcast p, float[] ar, float[] ai, float[] br, float[] bi, float[] or, float[] oi) {
        if (op == Op.ADD || op == Op.SUB) {
            real(op, p, ar, br, or);
            real(op, p, ai, bi, oi);
            return;
        }
        int sa = p.stepA();
        int sb = p.stepB();
        boolean div = op == Op.DIV;
        forEachPiece(p, (ao, bo, oo, n) -> {
            if (sa == 1 && sb == 1) {
                // contiguous runs: loops simple enough for C2 to vectorize
                if (div) {
                    for (int i = 0; i < n; i++) {
                        // in double: |y|² cannot overflow
                        double xr = ar[ao + i];
                        double xi = ai[ao + i];
                        double yr = br[bo + i];
                        double yi = bi[bo + i];
                        double d = yr * yr + yi * yi;
                        or[oo + i] = (float) ((xr * yr + xi * yi) / d);
                        oi[oo + i] = (float) ((xi * yr - xr * yi) / d);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        float xr = ar[ao + i];
                        float xi = ai[ao + i];
                        float yr = br[bo + i];
                        float yi = bi[bo + i];
                        or[oo + i] = xr * yr - xi * yi;
                        oi[oo + i] = xr * yi + xi * yr;
                    }
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                int ia = ao + i * sa;
                int ib = bo + i * sb;
                double xr = ar[ia];
                double xi = ai[ia];
                double yr = br[ib];
                double yi = bi[ib];
                if (div) {
                    // in double: |y|² cannot overflow
                    double d = yr * yr + yi * yi;
                    or[oo + i] = (float) ((xr * yr + xi * yi) / d);
                    oi[oo + i] = (float) ((xi * yr - xr * yi) / d);
                } else {
                    or[oo + i] = (float) (xr * yr - xi * yi);
                    oi[oo + i] = (float) (xr * yi + xi * yr);
                }
            }
        });
    }

    /** Complex float64 (planar): {@code o = a op b}. */
    public static void complex(Op op, Broadcast p, double[] ar, double[] ai, double[] br, double[] bi, double[] or, double[] oi) {
        if (op == Op.ADD || op == Op.SUB) {
            real(op, p, ar, br, or);
            real(op, p, ai, bi, oi);
            return;
        }
        int sa = p.stepA();
        int sb = p.stepB();
        boolean div = op == Op.DIV;
        forEachPiece(p, (ao, bo, oo, n) -> {
            for (int i = 0; i < n; i++) {
                int ia = ao + i * sa;
                int ib = bo + i * sb;
                double xr = ar[ia];
                double xi = ai[ia];
                double yr = br[ib];
                double yi = bi[ib];
                if (div) {
                    // Smith's algorithm: no overflow of |y|² for large y.
                    if (Math.abs(yr) >= Math.abs(yi)) {
                        double t = yi / yr;
                        double d = yr + yi * t;
                        or[oo + i] = (xr + xi * t) / d;
                        oi[oo + i] = (xi - xr * t) / d;
                    } else {
                        double t = yr / yi;
                        double d = yr * t + yi;
                        or[oo + i] = (xr * t + xi) / d;
                        oi[oo + i] = (xi * t - xr) / d;
                    }
                } else {
                    or[oo + i] = xr * yr - xi * yi;
                    oi[oo + i] = xr * yi + xi * yr;
                }
            }
        });
    }

    private static void run(Op op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] o, int oo, int n) {
        if (sa == 1 && sb == 1 || n == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] + b[bo + i]; } }
                case SUB -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] - b[bo + i]; } }
                case MUL -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] * b[bo + i]; } }
                case DIV -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] / b[bo + i]; } }
            }
        } else if (sb == 0) {
            float y = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] + y; } }
                case SUB -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] - y; } }
                case MUL -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] * y; } }
                case DIV -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] / y; } }
            }
        } else {
            float x = a[ao];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) { o[oo + i] = x + b[bo + i]; } }
                case SUB -> { for (int i = 0; i < n; i++) { o[oo + i] = x - b[bo + i]; } }
                case MUL -> { for (int i = 0; i < n; i++) { o[oo + i] = x * b[bo + i]; } }
                case DIV -> { for (int i = 0; i < n; i++) { o[oo + i] = x / b[bo + i]; } }
            }
        }
    }

    private static void run(Op op, double[] a, int ao, int sa, double[] b, int bo, int sb, double[] o, int oo, int n) {
        if (sa == 1 && sb == 1 || n == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] + b[bo + i]; } }
                case SUB -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] - b[bo + i]; } }
                case MUL -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] * b[bo + i]; } }
                case DIV -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] / b[bo + i]; } }
            }
        } else if (sb == 0) {
            double y = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] + y; } }
                case SUB -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] - y; } }
                case MUL -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] * y; } }
                case DIV -> { for (int i = 0; i < n; i++) { o[oo + i] = a[ao + i] / y; } }
            }
        } else {
            double x = a[ao];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) { o[oo + i] = x + b[bo + i]; } }
                case SUB -> { for (int i = 0; i < n; i++) { o[oo + i] = x - b[bo + i]; } }
                case MUL -> { for (int i = 0; i < n; i++) { o[oo + i] = x * b[bo + i]; } }
                case DIV -> { for (int i = 0; i < n; i++) { o[oo + i] = x / b[bo + i]; } }
            }
        }
    }
}

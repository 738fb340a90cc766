package dev.s4j.autograd.kernel;

/**
 * The arithmetic of one recurrent step of H state space models side by side. A state of M
 * complex modes per model is laid out mode-major, (M, H): entry (n, h) at {@code n·H + h}, split
 * into real and imaginary float64 arrays, so that every operation runs across the H models in
 * vector lanes and no sum ever crosses lanes (sums over the modes accumulate per model, in mode
 * order: the same bits on every run). Fixed coefficients are {@link ComplexRows} in the state's
 * precision, stored in tiles of 16 models so that a pass over one tile's modes reads them
 * contiguously; each call walks the tiles it covers. A call covers the models h ∈ [h0, h1), so
 * that a caller can walk the state in blocks that stay in the first-level cache through several
 * passes. A float32 model
 * steps a float32 state with float32 arithmetic (the overloads on {@code float[]}), which halves
 * the bytes and doubles the lanes; a float64 model a float64 one. Runs on the Vector API when
 * {@link VectorSupport#available()}, else in plain loops ({@link StepScalar}) that give the same
 * bits.
 */
public final class StepKernels {
    private static final boolean VECTOR = VectorSupport.available();

    private StepKernels() {
    }

    /**
     * {@code x[n, h] ← a[n, h] x[n, h] + b[n, h] u[h]} for n &lt; modes and h ∈ [h0, h1): a and b
     * are (modes, width), x (modes, width) from {@code x0}, u from {@code u0}.
     */
    public static void diagonalUpdate(ComplexRows a, ComplexRows b, double[] xRe, double[] xIm, int x0, int modes, int width, int h0,
                                      int h1, double[] u, int u0) {
        requireFull(a, b, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = a.offset(0, ts);
            int cw = a.tileWidth(ts);
            if (VECTOR) {
                StepVector.diagonalUpdate(a.re, a.im, b.re, b.im, p0, cw, xRe, xIm, x0, modes, width, lo, hi, u, u0);
            } else {
                StepScalar.diagonalUpdate(a.re, a.im, b.re, b.im, p0, cw, xRe, xIm, x0, modes, width, lo, hi, u, u0);
            }
        }
    }

    /**
     * {@code out[o0 + h] += Σ_n Re(c[row0 + n, h] · x[n, h])} — or with conj(c) if
     * {@code conjugate} — for h ∈ [h0, h1), summed in mode order.
     */
    public static void accumulateProducts(ComplexRows c, int row0, boolean conjugate, double[] xRe, double[] xIm, int x0, int modes,
                                          int width, int h0, int h1, double[] out, int o0) {
        requireFull(c, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = c.offset(row0, ts);
            int cw = c.tileWidth(ts);
            if (VECTOR) {
                StepVector.accumulate(c.re, c.im, p0, cw, conjugate, xRe, xIm, x0, modes, width, lo, hi, out, o0);
            } else {
                StepScalar.accumulate(c.re, c.im, p0, cw, conjugate, xRe, xIm, x0, modes, width, lo, hi, out, o0);
            }
        }
    }

    /** {@code x[n, h] ← x[n, h] − f[row0 + n, h] w[w0 + h]} for n &lt; modes and h ∈ [h0, h1). */
    public static void subtractScaled(ComplexRows f, int row0, double[] xRe, double[] xIm, int x0, int modes, int width, int h0, int h1,
                                      double[] w, int w0) {
        requireFull(f, f, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = f.offset(row0, ts);
            int cw = f.tileWidth(ts);
            if (VECTOR) {
                StepVector.subtractScaled(f.re, f.im, p0, cw, xRe, xIm, x0, modes, width, lo, hi, w, w0);
            } else {
                StepScalar.subtractScaled(f.re, f.im, p0, cw, xRe, xIm, x0, modes, width, lo, hi, w, w0);
            }
        }
    }

    /** {@link #diagonalUpdate} on a float32 state with float32 coefficients and inputs, in float32. */
    public static void diagonalUpdate(ComplexRows a, ComplexRows b, float[] xRe, float[] xIm, int x0, int modes, int width, int h0,
                                      int h1, float[] u, int u0) {
        requireCompact(a, b, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = a.offset(0, ts);
            int cw = a.tileWidth(ts);
            if (VECTOR) {
                StepVector.diagonalUpdate(a.re32, a.im32, b.re32, b.im32, p0, cw, xRe, xIm, x0, modes, width, lo, hi, u, u0);
            } else {
                StepScalar.diagonalUpdate(a.re32, a.im32, b.re32, b.im32, p0, cw, xRe, xIm, x0, modes, width, lo, hi, u, u0);
            }
        }
    }

    /** {@link #accumulateProducts} on a float32 state with float32 coefficients, in float32. */
    public static void accumulateProducts(ComplexRows c, int row0, boolean conjugate, float[] xRe, float[] xIm, int x0, int modes,
                                          int width, int h0, int h1, float[] out, int o0) {
        requireCompact(c, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = c.offset(row0, ts);
            int cw = c.tileWidth(ts);
            if (VECTOR) {
                StepVector.accumulate(c.re32, c.im32, p0, cw, conjugate, xRe, xIm, x0, modes, width, lo, hi, out, o0);
            } else {
                StepScalar.accumulate(c.re32, c.im32, p0, cw, conjugate, xRe, xIm, x0, modes, width, lo, hi, out, o0);
            }
        }
    }

    /** {@link #subtractScaled} on a float32 state with float32 coefficients and weights, in float32. */
    public static void subtractScaled(ComplexRows f, int row0, float[] xRe, float[] xIm, int x0, int modes, int width, int h0, int h1,
                                      float[] w, int w0) {
        requireCompact(f, f, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = f.offset(row0, ts);
            int cw = f.tileWidth(ts);
            if (VECTOR) {
                StepVector.subtractScaled(f.re32, f.im32, p0, cw, xRe, xIm, x0, modes, width, lo, hi, w, w0);
            } else {
                StepScalar.subtractScaled(f.re32, f.im32, p0, cw, xRe, xIm, x0, modes, width, lo, hi, w, w0);
            }
        }
    }

    /**
     * One step of a diagonal SSM with one output channel in one pass over x, for h ∈ [h0, h1):
     * {@code x ← a x + b u}, then {@code out[o0 + h] = Σ_n Re(c x)} of the new x — the same bits as
     * {@link #diagonalUpdate} followed by {@link #accumulateProducts} into a zero.
     */
    public static void diagonalStep(ComplexRows a, ComplexRows b, ComplexRows c, double[] xRe, double[] xIm, int x0, int modes, int width,
                                    int h0, int h1, double[] u, int u0, double[] out, int o0) {
        requireFull(a, b, modes, width);
        requireFull(c, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = a.offset(0, ts);
            int cw = a.tileWidth(ts);
            if (VECTOR) {
                StepVector.diagonalStep(a.re, a.im, b.re, b.im, c.re, c.im, p0, cw, xRe, xIm, x0, modes, width, lo, hi, u, u0, out, o0);
            } else {
                StepScalar.diagonalStep(a.re, a.im, b.re, b.im, c.re, c.im, p0, cw, xRe, xIm, x0, modes, width, lo, hi, u, u0, out, o0);
            }
        }
    }

    /** {@link #diagonalStep} on a float32 state, in float32. */
    public static void diagonalStep(ComplexRows a, ComplexRows b, ComplexRows c, float[] xRe, float[] xIm, int x0, int modes, int width,
                                    int h0, int h1, float[] u, int u0, float[] out, int o0) {
        requireCompact(a, b, modes, width);
        requireCompact(c, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = a.offset(0, ts);
            int cw = a.tileWidth(ts);
            if (VECTOR) {
                StepVector.diagonalStep(a.re32, a.im32, b.re32, b.im32, c.re32, c.im32, p0, cw, xRe, xIm, x0, modes, width, lo, hi, u,
                        u0, out, o0);
            } else {
                StepScalar.diagonalStep(a.re32, a.im32, b.re32, b.im32, c.re32, c.im32, p0, cw, xRe, xIm, x0, modes, width, lo, hi, u,
                        u0, out, o0);
            }
        }
    }

    /**
     * {@code x[n, h] ← a[n, h] x[n, h] + b[n, h] u[t, h]} for t = 0 … length−1 in turn: the state
     * after a chunk of inputs, u given position-major (length, width). The same arithmetic as
     * {@code length} calls of {@link #diagonalUpdate}, with each entry kept in a register.
     */
    public static void diagonalAdvance(ComplexRows a, ComplexRows b, double[] xRe, double[] xIm, int x0, int modes, int width,
                                       double[] u, int length) {
        requireFull(a, b, modes, width);
        for (int ts = ComplexRows.tileStart(0); ts < width; ts += ComplexRows.TILE) {
            int lo = Math.max(0, ts);
            int hi = Math.min(width, ts + ComplexRows.TILE);
            int p0 = a.offset(0, ts);
            int cw = a.tileWidth(ts);
            if (VECTOR) {
                StepVector.diagonalAdvance(a.re, a.im, b.re, b.im, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, length);
            } else {
                StepScalar.diagonalAdvance(a.re, a.im, b.re, b.im, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, length);
            }
        }
    }

    /** {@link #diagonalAdvance} on a float32 state, in float32. */
    public static void diagonalAdvance(ComplexRows a, ComplexRows b, float[] xRe, float[] xIm, int x0, int modes, int width,
                                       float[] u, int length) {
        requireCompact(a, b, modes, width);
        for (int ts = ComplexRows.tileStart(0); ts < width; ts += ComplexRows.TILE) {
            int lo = Math.max(0, ts);
            int hi = Math.min(width, ts + ComplexRows.TILE);
            int p0 = a.offset(0, ts);
            int cw = a.tileWidth(ts);
            if (VECTOR) {
                StepVector.diagonalAdvance(a.re32, a.im32, b.re32, b.im32, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, length);
            } else {
                StepScalar.diagonalAdvance(a.re32, a.im32, b.re32, b.im32, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, length);
            }
        }
    }

    /**
     * The three inner products of a rank-1, one-channel S4 step in one pass over x, for h ∈ [h0, h1):
     * {@code out[s0 + h] = Re Σ_n conj(p) x}, {@code out[w0 + h] = Re Σ_n conj(q) x},
     * {@code out[y0 + h] = Re Σ_n c x} — the same bits as three {@link #accumulateProducts} into zeros.
     */
    public static void lowRankProducts(ComplexRows p, ComplexRows q, ComplexRows c, double[] xRe, double[] xIm, int x0, int modes,
                                       int width, int h0, int h1, double[] out, int s0, int w0, int y0) {
        requireFull(p, q, modes, width);
        requireFull(c, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = p.offset(0, ts);
            int cw = p.tileWidth(ts);
            if (VECTOR) {
                LowRankVector.lowRankProducts(p.re, p.im, q.re, q.im, c.re, c.im, xRe, xIm, p0, cw, x0, modes, width, lo, hi, out, s0,
                        w0, y0);
            } else {
                StepScalar.lowRankProducts(p.re, p.im, q.re, q.im, c.re, c.im, xRe, xIm, p0, cw, x0, modes, width, lo, hi, out, s0, w0, y0);
            }
        }
    }

    /** {@link #lowRankProducts} on a float32 state, in float32. */
    public static void lowRankProducts(ComplexRows p, ComplexRows q, ComplexRows c, float[] xRe, float[] xIm, int x0, int modes,
                                       int width, int h0, int h1, float[] out, int s0, int w0, int y0) {
        requireCompact(p, q, modes, width);
        requireCompact(c, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = p.offset(0, ts);
            int cw = p.tileWidth(ts);
            if (VECTOR) {
                LowRankVector.lowRankProducts(p.re32, p.im32, q.re32, q.im32, c.re32, c.im32, xRe, xIm, p0, cw, x0, modes, width, lo, hi,
                        out, s0, w0, y0);
            } else {
                StepScalar.lowRankProducts(p.re32, p.im32, q.re32, q.im32, c.re32, c.im32, xRe, xIm, p0, cw, x0, modes, width, lo, hi,
                        out, s0, w0, y0);
            }
        }
    }

    /**
     * {@code x ← e x + g u − f σ} (rank 1) for h ∈ [h0, h1), x read and written once — the same bits
     * as {@link #diagonalUpdate} followed by {@link #subtractScaled}.
     */
    public static void lowRankUpdate(ComplexRows e, ComplexRows g, ComplexRows f, double[] xRe, double[] xIm, int x0, int modes,
                                     int width, int h0, int h1, double[] u, int u0, double[] sigma, int s0) {
        requireFull(e, g, modes, width);
        requireFull(f, f, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = e.offset(0, ts);
            int cw = e.tileWidth(ts);
            if (VECTOR) {
                LowRankVector.lowRankUpdate(e.re, e.im, g.re, g.im, f.re, f.im, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, u0, sigma,
                        s0);
            } else {
                StepScalar.lowRankUpdate(e.re, e.im, g.re, g.im, f.re, f.im, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, u0, sigma, s0);
            }
        }
    }

    /** {@link #lowRankUpdate} on a float32 state, in float32. */
    public static void lowRankUpdate(ComplexRows e, ComplexRows g, ComplexRows f, float[] xRe, float[] xIm, int x0, int modes,
                                     int width, int h0, int h1, float[] u, int u0, float[] sigma, int s0) {
        requireCompact(e, g, modes, width);
        requireCompact(f, f, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = e.offset(0, ts);
            int cw = e.tileWidth(ts);
            if (VECTOR) {
                LowRankVector.lowRankUpdate(e.re32, e.im32, g.re32, g.im32, f.re32, f.im32, xRe, xIm, p0, cw, x0, modes, width, lo, hi,
                        u, u0, sigma, s0);
            } else {
                StepScalar.lowRankUpdate(e.re32, e.im32, g.re32, g.im32, f.re32, f.im32, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u,
                        u0, sigma, s0);
            }
        }
    }

    /**
     * One rank-1, one-channel S4 step's state pass with the next step's sums: for h ∈ [h0, h1),
     * {@code x ← e x + g u − f σ}, then from the new x {@code out[s0 + h] = Re Σ_n conj(p) x},
     * {@code out[w0 + h] = Re Σ_n conj(q) x} and {@code out[y0 + h] = Re Σ_n c x} — the same bits as
     * {@link #lowRankUpdate} followed by {@link #lowRankProducts}, in one pass over x instead of two.
     */
    public static void lowRankStep(ComplexRows e, ComplexRows g, ComplexRows f, ComplexRows p, ComplexRows q, ComplexRows c,
                                   double[] xRe, double[] xIm, int x0, int modes, int width, int h0, int h1, double[] u, int u0,
                                   double[] sigma, int sg0, double[] out, int s0, int w0, int y0) {
        requireFull(e, g, modes, width);
        requireFull(f, p, modes, width);
        requireFull(q, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = e.offset(0, ts);
            int cw = e.tileWidth(ts);
            if (VECTOR) {
                LowRankVector.lowRankStep(e.re, e.im, g.re, g.im, f.re, f.im, p.re, p.im, q.re, q.im, c.re, c.im, xRe, xIm, p0, cw, x0,
                        modes, width, lo, hi, u, u0, sigma, sg0, out, s0, w0, y0);
            } else {
                StepScalar.lowRankStep(e.re, e.im, g.re, g.im, f.re, f.im, p.re, p.im, q.re, q.im, c.re, c.im, xRe, xIm, p0, cw, x0,
                        modes, width, lo, hi, u, u0, sigma, sg0, out, s0, w0, y0);
            }
        }
    }

    /** {@link #lowRankStep} on a float32 state, in float32. */
    public static void lowRankStep(ComplexRows e, ComplexRows g, ComplexRows f, ComplexRows p, ComplexRows q, ComplexRows c,
                                   float[] xRe, float[] xIm, int x0, int modes, int width, int h0, int h1, float[] u, int u0,
                                   float[] sigma, int sg0, float[] out, int s0, int w0, int y0) {
        requireCompact(e, g, modes, width);
        requireCompact(f, p, modes, width);
        requireCompact(q, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = e.offset(0, ts);
            int cw = e.tileWidth(ts);
            if (VECTOR) {
                LowRankVector.lowRankStep(e.re32, e.im32, g.re32, g.im32, f.re32, f.im32, p.re32, p.im32, q.re32, q.im32, c.re32, c.im32,
                        xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, u0, sigma, sg0, out, s0, w0, y0);
            } else {
                StepScalar.lowRankStep(e.re32, e.im32, g.re32, g.im32, f.re32, f.im32, p.re32, p.im32, q.re32, q.im32, c.re32, c.im32, xRe,
                        xIm, p0, cw, x0, modes, width, lo, hi, u, u0, sigma, sg0, out, s0, w0, y0);
            }
        }
    }

    /**
     * {@link #lowRankStep} (float32) for two sequences of a batch at once, A and B, whose states,
     * inputs and σ lie at their own offsets of the same arrays: each coefficient is read once for
     * both. The three sums of each go to {@code out[k + h]}, {@code out[k + width + h]} and
     * {@code out[k + 2·width + h]} for k = ka, kb. The same bits as two calls of {@link #lowRankStep}.
     */
    public static void lowRankStepPair(ComplexRows e, ComplexRows g, ComplexRows f, ComplexRows p, ComplexRows q, ComplexRows c,
                                       float[] xRe, float[] xIm, int xa, int xb, int modes, int width, int h0, int h1, float[] u, int ua,
                                       int ub, float[] sigma, int sa, int sb, float[] out, int ka, int kb) {
        requireCompact(e, g, modes, width);
        requireCompact(f, p, modes, width);
        requireCompact(q, c, modes, width);
        for (int ts = ComplexRows.tileStart(h0); ts < h1; ts += ComplexRows.TILE) {
            int lo = Math.max(h0, ts);
            int hi = Math.min(h1, ts + ComplexRows.TILE);
            int p0 = e.offset(0, ts);
            int cw = e.tileWidth(ts);
            if (VECTOR) {
                LowRankVector.lowRankStepPair(e.re32, e.im32, g.re32, g.im32, f.re32, f.im32, p.re32, p.im32, q.re32, q.im32, c.re32,
                        c.im32, p0, cw, xRe, xIm, xa, xb, modes, width, lo, hi, u, ua, ub, sigma, sa, sb, out, ka, kb);
            } else {
                StepScalar.lowRankStep(e.re32, e.im32, g.re32, g.im32, f.re32, f.im32, p.re32, p.im32, q.re32, q.im32, c.re32, c.im32,
                        xRe, xIm, p0, cw, xa, modes, width, lo, hi, u, ua, sigma, sa, out, ka, ka + width, ka + 2 * width);
                StepScalar.lowRankStep(e.re32, e.im32, g.re32, g.im32, f.re32, f.im32, p.re32, p.im32, q.re32, q.im32, c.re32, c.im32,
                        xRe, xIm, p0, cw, xb, modes, width, lo, hi, u, ub, sigma, sb, out, kb, kb + width, kb + 2 * width);
            }
        }
    }

    /**
     * A diagonal SSM run through a chunk with outputs: for t = 0 … length−1,
     * {@code x ← a x + b u[t]} and {@code y[t, h] += Σ_n Re(c[n, h] x[n, h])} (summed in mode order),
     * with u and y position-major (length, width) and each state entry kept in a register
     * throughout — the same arithmetic as {@link #diagonalUpdate} and {@link #accumulateProducts}
     * position by position, in another order of the sums.
     */
    public static void diagonalRun(ComplexRows a, ComplexRows b, ComplexRows c, double[] xRe, double[] xIm, int x0,
                                   int modes, int width, double[] u, int length, double[] y) {
        requireFull(a, b, modes, width);
        requireFull(c, c, modes, width);
        for (int ts = ComplexRows.tileStart(0); ts < width; ts += ComplexRows.TILE) {
            int lo = Math.max(0, ts);
            int hi = Math.min(width, ts + ComplexRows.TILE);
            int p0 = a.offset(0, ts);
            int cw = a.tileWidth(ts);
            if (VECTOR) {
                StepVector.diagonalRun(a.re, a.im, b.re, b.im, c.re, c.im, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, length, y);
            } else {
                StepScalar.diagonalRun(a.re, a.im, b.re, b.im, c.re, c.im, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u, length, y);
            }
        }
    }

    /** {@link #diagonalRun} on a float32 state, in float32. */
    public static void diagonalRun(ComplexRows a, ComplexRows b, ComplexRows c, float[] xRe, float[] xIm, int x0,
                                   int modes, int width, float[] u, int length, float[] y) {
        requireCompact(a, b, modes, width);
        requireCompact(c, c, modes, width);
        for (int ts = ComplexRows.tileStart(0); ts < width; ts += ComplexRows.TILE) {
            int lo = Math.max(0, ts);
            int hi = Math.min(width, ts + ComplexRows.TILE);
            int p0 = a.offset(0, ts);
            int cw = a.tileWidth(ts);
            if (VECTOR) {
                StepVector.diagonalRun(a.re32, a.im32, b.re32, b.im32, c.re32, c.im32, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u,
                        length, y);
            } else {
                StepScalar.diagonalRun(a.re32, a.im32, b.re32, b.im32, c.re32, c.im32, xRe, xIm, p0, cw, x0, modes, width, lo, hi, u,
                        length, y);
            }
        }
    }

    /** Checks that a and b are float64 coefficients of (modes, width). */
    private static void requireFull(ComplexRows a, ComplexRows b, int modes, int width) {
        if (a.isCompact() || b.isCompact()) {
            throw new IllegalArgumentException("step kernels: a float64 state needs float64 coefficients");
        }
        a.requireShape(modes, width);
        b.requireShape(modes, width);
    }

    /** Checks that a and b are float32 coefficients of (modes, width). */
    private static void requireCompact(ComplexRows a, ComplexRows b, int modes, int width) {
        if (!a.isCompact() || !b.isCompact()) {
            throw new IllegalArgumentException("step kernels: a float32 state needs float32 coefficients");
        }
        a.requireShape(modes, width);
        b.requireShape(modes, width);
    }

    static void multiplyAdd(StepMatrix w, float[] x, int x0, int rows, float[] out, int o0) {
        if (VECTOR) {
            StepVector.multiplyAdd(w.wT32, w.n, w.m, x, x0, rows, out, o0);
        } else {
            for (int r = 0; r < rows; r++) {
                StepScalar.multiplyAdd(w.wT32, w.n, w.m, x, x0 + r * w.n, out, o0 + r * w.m, 0);
            }
        }
    }

    static void multiplyAdd(StepMatrix w, double[] x, int x0, double[] out, int o0) {
        if (VECTOR) {
            StepVector.multiplyAdd(w.wT, w.n, w.m, x, x0, out, o0);
        } else {
            StepScalar.multiplyAdd(w.wT, w.n, w.m, x, x0, out, o0, 0);
        }
    }
}

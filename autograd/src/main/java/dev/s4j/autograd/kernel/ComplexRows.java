package dev.s4j.autograd.kernel;

/**
 * Fixed complex coefficients of a recurrent step: R groups of a (M, H) mode-major matrix (entry
 * (n, h) of group j is coefficient n of state space h), split into real and imaginary parts, in
 * float64 for a float64 model's step, or "compact", in float32, for a float32 model's step (whose
 * state and arithmetic are float32 too; see {@link StepKernels}).
 *
 * <p>Stored in tiles of {@link #TILE} state spaces: tile [h₀, h₀ + T) of a group holds its M rows
 * of T values one after another, (M, T), so that a pass over the modes of one tile reads each
 * coefficient array as one contiguous run instead of M rows H values apart. The state keeps its
 * (M, H) layout; only the fixed coefficients are tiled.
 */
public final class ComplexRows {
    /** State spaces per tile: one 512-bit vector of float32 lanes. */
    static final int TILE = 16;

    final int modes;
    final int width;
    final double[] re;
    final double[] im;
    final float[] re32;
    final float[] im32;

    private ComplexRows(double[] re, double[] im, int modes, int width, boolean compact) {
        if (re.length != im.length) {
            throw new IllegalArgumentException("ComplexRows: " + re.length + " real and " + im.length + " imaginary parts");
        }
        if (modes < 1 || width < 1 || re.length % (modes * width) != 0) {
            throw new IllegalArgumentException("ComplexRows: " + re.length + " values are not groups of (" + modes + ", " + width + ")");
        }
        this.modes = modes;
        this.width = width;
        double[] tRe = tiled(re);
        double[] tIm = tiled(im);
        this.re32 = compact ? narrow(tRe) : null;
        this.im32 = compact ? narrow(tIm) : null;
        this.re = compact ? null : tRe;
        this.im = compact ? null : tIm;
    }

    /**
     * Coefficients from mode-major values, (R·M, H) row-major ({@code re[(j·M + n)·H + h]}), stored in
     * float32 if {@code compact}.
     */
    public static ComplexRows of(double[] re, double[] im, int modes, int width, boolean compact) {
        return new ComplexRows(re, im, modes, width, compact);
    }

    /** True if stored in float32. */
    public boolean isCompact() {
        return re32 != null;
    }

    /** The first state space of the tile that holds state space {@code h}. */
    static int tileStart(int h) {
        return h - h % TILE;
    }

    /** State spaces in the tile that starts at {@code ts} (fewer than {@link #TILE} only in the last tile). */
    int tileWidth(int ts) {
        return Math.min(TILE, width - ts);
    }

    /**
     * Where coefficient (row0 + n, h) lies for h in the tile that starts at {@code ts}:
     * {@code offset(row0, ts) + n·tileWidth(ts) + h}. {@code row0} starts a group (a multiple of M).
     */
    int offset(int row0, int ts) {
        return row0 * width + ts * modes - ts;
    }

    /** Checks that a kernel's (modes, width) are these coefficients'. */
    void requireShape(int modes, int width) {
        if (modes != this.modes || width != this.width) {
            throw new IllegalArgumentException("step kernels: coefficients of (" + this.modes + ", " + this.width + ") used with ("
                    + modes + ", " + width + ")");
        }
    }

    private double[] tiled(double[] v) {
        double[] t = new double[v.length];
        int group = modes * width;
        for (int g = 0; g < v.length; g += group) {
            for (int ts = 0; ts < width; ts += TILE) {
                int tw = tileWidth(ts);
                for (int n = 0; n < modes; n++) {
                    for (int h = ts; h < ts + tw; h++) {
                        t[g + offset(0, ts) + n * tw + h] = v[g + n * width + h];
                    }
                }
            }
        }
        return t;
    }

    static float[] narrow(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}

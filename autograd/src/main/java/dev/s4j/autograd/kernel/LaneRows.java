package dev.s4j.autograd.kernel;

import java.util.Arrays;

/**
 * Moves rows between row-major tensors and {@link LaneFft}'s lane layout (point t of lane l at
 * index {@code t·W + l}), a transposition done in tiles of {@link #TILE} points so that the W
 * rows being read or written, often a multiple of 4 KiB apart, stay in the first-level cache
 * (plain loops measured faster than gathers and scatters here).
 */
final class LaneRows {
    /** Points per tile. */
    private static final int TILE = 64;

    private LaneRows() {
    }

    /**
     * Lane l of {@code dst} (W·n floats) = the row of {@code len} values at {@code at + l·stride}
     * of {@code src}, zeros from point len on. Lanes from {@code lanes} on repeat the last row, so
     * that they hold finite values that are never read back.
     */
    static void load(float[] src, int at, int stride, int lanes, int len, float[] dst, int n) {
        int w = LaneFft.W;
        for (int t0 = 0; t0 < len; t0 += TILE) {
            int t1 = Math.min(len, t0 + TILE);
            for (int l = 0; l < w; l++) {
                int row = at + Math.min(l, lanes - 1) * stride;
                for (int t = t0; t < t1; t++) {
                    dst[t * w + l] = src[row + t];
                }
            }
        }
        Arrays.fill(dst, len * w, n * w, 0f);
    }

    /** The row at {@code at + l·stride} of {@code dst} = the first {@code len} points of lane l of {@code src} times scale, for l &lt; lanes. */
    static void store(float[] src, float scale, float[] dst, int at, int stride, int len, int lanes) {
        int w = LaneFft.W;
        for (int t0 = 0; t0 < len; t0 += TILE) {
            int t1 = Math.min(len, t0 + TILE);
            for (int l = 0; l < lanes; l++) {
                int row = at + l * stride;
                for (int t = t0; t < t1; t++) {
                    dst[row + t] = scale * src[t * w + l];
                }
            }
        }
    }
}

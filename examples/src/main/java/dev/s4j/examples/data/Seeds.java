package dev.s4j.examples.data;

/**
 * Derived seeds: one run seed gives independent, reproducible streams for every purpose (the
 * data of example i, the shuffle of epoch e, the dropout masks of step s) without carrying
 * generator state around, so any step can be reproduced on its own.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed determined by {@code seed} and the path {@code parts} (SplitMix64 finalizer per part). */
    public static long derive(long seed, long... parts) {
        long z = mix(seed ^ 0x5DEECE66DL);
        for (long p : parts) {
            z = mix(z + 0x9E3779B97F4A7C15L + p);
        }
        return z;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

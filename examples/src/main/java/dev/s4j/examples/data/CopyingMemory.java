package dev.s4j.examples.data;

import dev.s4j.autograd.Generator;

/**
 * The copying-memory task (Hochreiter &amp; Schmidhuber; Arjovsky et al. 2016), at any length L:
 * the first M positions hold random symbols from an alphabet of A, then blanks, a marker at
 * position L − M − 1, and M blanks during which the model must repeat the M symbols in order.
 * The M symbols must be remembered across L − M steps. Inputs are one-hot over A + 2 tokens
 * (blank 0, symbols 1…A, marker A + 1); targets are the M symbols (classes 0…A−1) at the last M
 * positions. A model that guesses gets 1/A of them right.
 */
public final class CopyingMemory implements Synthetic {
    private final int length;
    private final int memorize;
    private final int alphabet;

    /**
     * @param length   L, at least 2M + 1
     * @param memorize M, symbols to copy
     * @param alphabet A, distinct symbols
     */
    public CopyingMemory(int length, int memorize, int alphabet) {
        if (memorize < 1 || alphabet < 2 || length < 2 * memorize + 1) {
            throw new IllegalArgumentException("copying task: need M ≥ 1, A ≥ 2 and L ≥ 2M + 1, got L = " + length
                    + ", M = " + memorize + ", A = " + alphabet);
        }
        this.length = length;
        this.memorize = memorize;
        this.alphabet = alphabet;
    }

    /** M, the symbols to copy (targets per example). */
    public int memorize() {
        return memorize;
    }

    /** A, the number of classes. */
    public int alphabet() {
        return alphabet;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int features() {
        return alphabet + 2;
    }

    @Override
    public int targetSize() {
        return memorize;
    }

    @Override
    public void generate(Generator gen, float[] x, int xAt, float[] y, int yAt) {
        int d = features();
        for (int t = 0; t < length; t++) {
            int token;
            if (t < memorize) {
                int symbol = gen.nextInt(alphabet);
                y[yAt + t] = symbol;
                token = symbol + 1;
            } else if (t == length - memorize - 1) {
                token = alphabet + 1;
            } else {
                token = 0;
            }
            x[xAt + t * d + token] = 1;
        }
    }
}

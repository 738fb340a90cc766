package dev.s4j.examples.data;

import dev.s4j.autograd.Generator;

/**
 * The adding problem (Hochreiter &amp; Schmidhuber 1997), at any length L: two input channels,
 * random values uniform in [0, 1] and a marker that is 1 at exactly two positions, one in each
 * half of the sequence. The target is the sum of the two marked values (one real number per
 * sequence). Always answering 1 gives a mean squared error of 1/6.
 */
public final class AddingProblem implements Synthetic {
    private final int length;

    /** A task of length L ≥ 2. */
    public AddingProblem(int length) {
        if (length < 2) {
            throw new IllegalArgumentException("adding task: length must be at least 2, got " + length);
        }
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int features() {
        return 2;
    }

    @Override
    public int targetSize() {
        return 1;
    }

    @Override
    public void generate(Generator gen, float[] x, int xAt, float[] y, int yAt) {
        int half = length / 2;
        int first = gen.nextInt(half);
        int second = half + gen.nextInt(length - half);
        for (int t = 0; t < length; t++) {
            x[xAt + 2 * t] = (float) gen.nextDouble();
        }
        x[xAt + 2 * first + 1] = 1;
        x[xAt + 2 * second + 1] = 1;
        y[yAt] = x[xAt + 2 * first] + x[xAt + 2 * second];
    }
}

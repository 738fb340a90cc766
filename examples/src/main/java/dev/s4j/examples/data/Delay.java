package dev.s4j.examples.data;

import dev.s4j.autograd.Generator;

/**
 * The delay task: the input is white Gaussian noise u, and at every position t the model must
 * output {@code u[t − D]} (0 before D). Solving it means holding the last D inputs in the state,
 * which a continuous-time memory such as HiPPO-LegT is built for (LSSL §4). Targets are
 * (L, 1) per sequence; predicting 0 gives a mean squared error of (L − D)/L.
 */
public final class Delay implements Synthetic {
    private final int length;
    private final int lag;

    /**
     * @param length L
     * @param lag    D, 1 ≤ D &lt; L
     */
    public Delay(int length, int lag) {
        if (lag < 1 || lag >= length) {
            throw new IllegalArgumentException("delay task: need 1 ≤ lag < length, got lag " + lag + " and length " + length);
        }
        this.length = length;
        this.lag = lag;
    }

    /** D, the delay in steps. */
    public int lag() {
        return lag;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int features() {
        return 1;
    }

    @Override
    public int targetSize() {
        return length;
    }

    @Override
    public void generate(Generator gen, float[] x, int xAt, float[] y, int yAt) {
        for (int t = 0; t < length; t++) {
            x[xAt + t] = (float) gen.nextGaussian();
        }
        for (int t = lag; t < length; t++) {
            y[yAt + t] = x[xAt + t - lag];
        }
    }
}

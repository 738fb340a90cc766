package dev.s4j.ssm.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.s4j.autograd.Tensor;

/** How far apart two real tensors are, for the tests' tolerances. */
public final class Differences {
    private Differences() {
    }

    /** max |expected − actual| / max |expected| over the real parts; the shapes must be equal. */
    public static double relative(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double num = 0;
        double den = 0;
        for (int i = 0; i < expected.numel(); i++) {
            num = Math.max(num, Math.abs(expected.storage().re(i) - actual.storage().re(i)));
            den = Math.max(den, Math.abs(expected.storage().re(i)));
        }
        return num / den;
    }
}

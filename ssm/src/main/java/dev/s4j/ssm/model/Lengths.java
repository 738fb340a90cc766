package dev.s4j.ssm.model;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;

/** Per-row valid lengths of a right-padded batch. */
public final class Lengths {
    private Lengths() {
    }

    /** Checks B lengths, each in [1, L], naming the first bad one. */
    public static void check(int[] lengths, int batch, int length) {
        if (lengths == null || lengths.length != batch) {
            throw new IllegalArgumentException("lengths: need one per row (" + batch + "), got "
                    + (lengths == null ? "none" : lengths.length));
        }
        for (int i = 0; i < batch; i++) {
            if (lengths[i] < 1 || lengths[i] > length) {
                throw new IllegalArgumentException("lengths: row " + i + " has length " + lengths[i] + "; each must be in [1, "
                        + length + "] (the padded length)" + (lengths[i] == 0 ? ": a row with no positions has no output" : ""));
            }
        }
    }

    /** (B, L, 1): 1 at valid positions, 0 at padding. */
    static Tensor mask(int[] lengths, int length, DType dtype) {
        double[] m = new double[lengths.length * length];
        for (int b = 0; b < lengths.length; b++) {
            java.util.Arrays.fill(m, b * length, b * length + lengths[b], 1);
        }
        return Tensor.of(m, lengths.length, length, 1).to(dtype);
    }
}

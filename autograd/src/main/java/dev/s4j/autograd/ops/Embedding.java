package dev.s4j.autograd.ops;

import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;

/** Embedding lookup: rows of a (V, D) table picked by integer ids. Backward scatter-adds into the rows. */
public final class Embedding {
    private Embedding() {
    }

    /**
     * @param weight  (V, D) table
     * @param indices ids in [0, V), row-major over {@code shape}
     * @param shape   shape of the ids; the result is {@code (*shape, D)}
     */
    public static Tensor lookup(Tensor weight, int[] indices, int... shape) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("embedding: weight must be (V, D), got " + Shape.format(weight.shape()));
        }
        if (Shape.numel(shape) != indices.length) {
            throw new IllegalArgumentException("embedding: " + indices.length + " ids do not fill shape " + Shape.format(shape));
        }
        int v = weight.size(0);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= v) {
                throw new IndexOutOfBoundsException("embedding: id " + indices[i] + " at position " + i
                        + " is outside the table's " + v + " rows");
            }
        }
        int[] outShape = java.util.Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = weight.size(1);
        return weight.indexSelect(0, indices).reshape(outShape);
    }
}

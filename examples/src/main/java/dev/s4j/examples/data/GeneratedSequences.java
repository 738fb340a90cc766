package dev.s4j.examples.data;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;

/**
 * A fixed set of {@code count} synthetic examples: example i is drawn from its own generator
 * seeded with (seed, i), so the set is reproducible, needs no memory, and any batch can be built
 * in any order.
 */
public final class GeneratedSequences implements SequenceDataset {
    private final Synthetic task;
    private final long seed;
    private final int count;
    private final boolean classes;
    private final int[] targetShape;

    /**
     * @param task        the generator
     * @param seed        seed of this split
     * @param count       number of examples
     * @param classes     whether targets are class indices (else real values)
     * @param targetShape shape of one example's real target, e.g. {1} or {L, 1} (ignored for classes)
     */
    public GeneratedSequences(Synthetic task, long seed, int count, boolean classes, int... targetShape) {
        if (count < 0) {
            throw new IllegalArgumentException("generated dataset: negative size " + count);
        }
        this.task = task;
        this.seed = seed;
        this.count = count;
        this.classes = classes;
        this.targetShape = targetShape.clone();
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Batch batch(int[] indices) {
        int b = indices.length;
        int xs = task.length() * task.features();
        int ys = task.targetSize();
        float[] x = new float[b * xs];
        float[] y = new float[b * ys];
        for (int i = 0; i < b; i++) {
            if (indices[i] < 0 || indices[i] >= count) {
                throw new IndexOutOfBoundsException("example " + indices[i] + " of a dataset of " + count);
            }
            task.generate(new Generator(Seeds.derive(seed, indices[i])), x, i * xs, y, i * ys);
        }
        Tensor inputs = Tensor.of(x, b, task.length(), task.features());
        if (classes) {
            int[] labels = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                labels[i] = (int) y[i];
            }
            return new Batch(inputs, new Targets.Classes(labels));
        }
        int[] shape = new int[targetShape.length + 1];
        shape[0] = b;
        System.arraycopy(targetShape, 0, shape, 1, targetShape.length);
        return new Batch(inputs, new Targets.Values(Tensor.of(y, shape)));
    }
}

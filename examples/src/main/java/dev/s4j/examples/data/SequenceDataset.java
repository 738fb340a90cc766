package dev.s4j.examples.data;

/** A fixed, indexable set of examples of one task split. */
public interface SequenceDataset {

    /** Number of examples. */
    int size();

    /** The examples at {@code indices}, in that order. */
    Batch batch(int[] indices);

    /** Examples {@code from … to−1}. */
    default Batch range(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return batch(idx);
    }
}

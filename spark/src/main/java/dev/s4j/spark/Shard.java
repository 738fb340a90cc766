package dev.s4j.spark;

/**
 * One task's examples of one step.
 *
 * @param inputs  the sequences, {@code inputs[b]} (L_b, d_in)
 * @param classes the class index of each (classifier), or null
 * @param values  the d_out target values of each (regressor), or null
 * @param offset  the slot of the first of them in the step's global batch
 * @param batch   b_s, the examples of the global batch
 */
record Shard(float[][][] inputs, int[] classes, float[][] values, int offset, int batch) {

    /** Examples in this shard. */
    int size() {
        return inputs.length;
    }

    /** This shard's share of the global batch, n_k / b_s: the weight of its mean loss in the batch's mean loss. */
    double weight() {
        return (double) size() / batch;
    }
}

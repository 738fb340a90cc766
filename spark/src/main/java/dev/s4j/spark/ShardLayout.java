package dev.s4j.spark;

import java.io.Serializable;

/**
 * Which task computes which examples of an epoch. As in {@code s4j train}, the epoch's shuffled
 * order is cut into global batches of B (the last one shorter); step s takes the examples at
 * positions [sB, sB + b_s) of the order, b_s = min(B, n − sB), and task k of T takes the slots
 * [⌊b_s k / T⌋, ⌊b_s (k+1) / T⌋) of that batch: contiguous shards that differ in size by at most one.
 *
 * @param examples n, examples per epoch
 * @param batch    B, the global batch
 * @param tasks    T
 */
record ShardLayout(long examples, int batch, int tasks) implements Serializable {

    ShardLayout {
        if (examples < 1 || batch < 1 || tasks < 1) {
            throw new IllegalArgumentException("shard layout: examples, batch and tasks must be positive, got " + examples + ", "
                    + batch + ", " + tasks);
        }
    }

    /** Steps per epoch, ⌈n / B⌉. */
    int steps() {
        return (int) ((examples + batch - 1) / batch);
    }

    /** b_s, the examples of step s. */
    int batchSize(int step) {
        return (int) Math.min(batch, examples - (long) step * batch);
    }

    /** The first slot of task k's shard in step s; {@code shardStart(s, T)} is b_s. */
    int shardStart(int step, int task) {
        return (int) ((long) batchSize(step) * task / tasks);
    }

    /** The examples task k computes in step s. */
    int shardSize(int step, int task) {
        return shardStart(step, task + 1) - shardStart(step, task);
    }

    /** The task that computes the example at {@code position} of the epoch's order. */
    int taskOf(long position) {
        int step = (int) (position / batch);
        int slot = (int) (position % batch);
        int b = batchSize(step);
        int k = (int) ((long) slot * tasks / b);           // a first guess, then the exact shard
        while (k + 1 < tasks && shardStart(step, k + 1) <= slot) {
            k++;
        }
        while (shardStart(step, k) > slot) {
            k--;
        }
        return k;
    }
}

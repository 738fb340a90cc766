package dev.s4j.spark;

import org.apache.spark.Partitioner;

/** Sends the example at each position of an epoch's order (the key) to the partition of the task that computes it. */
final class ShardPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final ShardLayout layout;

    ShardPartitioner(ShardLayout layout) {
        this.layout = layout;
    }

    @Override
    public int numPartitions() {
        return layout.tasks();
    }

    @Override
    public int getPartition(Object key) {
        return layout.taskOf((Long) key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardPartitioner p && p.layout.equals(layout);
    }

    @Override
    public int hashCode() {
        return layout.hashCode();
    }
}

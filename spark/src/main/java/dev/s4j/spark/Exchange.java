package dev.s4j.spark;

/** How the replicas sum their gradients every step. */
public enum Exchange {
    /**
     * Direct TCP connections between the tasks, a star around task 0 ({@link StarExchange}); the
     * default: no driver in the way and no polling.
     */
    DIRECT,
    /**
     * Spark's {@code BarrierTaskContext.allGather} ({@link AllGatherExchange}): needs no connection
     * between executors, but the gradients pass through the driver (models of up to a few million
     * parameters) and Spark 3.5 polls every barrier call once a second, so each step waits up to a second.
     */
    ALL_GATHER
}

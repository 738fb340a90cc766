package dev.s4j.spark;

import dev.s4j.autograd.nn.Parameter;
import java.util.List;

/**
 * How the replicas of a barrier stage sum their gradients every step. After
 * {@link #exchange}, every replica's parameters hold the same summed gradients.
 */
interface GradientExchange extends AutoCloseable {

    /**
     * Sums the gradients in every replica's {@code parameters} across the replicas, in place, and
     * returns the summed shares (the global batch's loss and counts).
     *
     * @param local this replica's share of the step
     */
    Replica.StepShare exchange(Replica.StepShare local, List<Parameter> parameters);

    /** Releases what the exchange holds (sockets). */
    @Override
    void close();
}

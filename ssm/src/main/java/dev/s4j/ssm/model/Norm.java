package dev.s4j.ssm.model;

/** Normalization inside each residual block of the {@link Backbone}: over the H channels of each position. */
public enum Norm {
    /** Layer norm over the channels of each position. */
    LAYER,
    /** Batch norm of each channel over batch and positions (running statistics in evaluation). */
    BATCH,
    /** None. */
    NONE
}

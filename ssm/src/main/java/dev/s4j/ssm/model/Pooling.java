package dev.s4j.ssm.model;

/** How the {@link Backbone} turns its sequence of features into the decoder's input. */
public enum Pooling {
    /** Mean over positions: one output per sequence. */
    MEAN,
    /** The last position: one output per sequence. */
    LAST,
    /** No pooling: one output per position. */
    NONE
}

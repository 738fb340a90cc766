package dev.s4j.examples.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The tasks the examples can train on. */
public enum TaskName {
    /** Sequential MNIST: 784 pixels, one per step (bundled 10k-digit sample, or IDX files). */
    SMNIST,
    /** Permuted sequential MNIST: the pixels in a fixed random order. */
    PSMNIST,
    /** Sequential Fashion-MNIST (IDX files). */
    FASHION,
    /** Copying memory at any length. */
    COPYING,
    /** The adding problem at any length. */
    ADDING,
    /** Delayed white noise at any length. */
    DELAY,
    /** SC10-like raw speech, 16,000 steps (synthesized). */
    SC10,
    /** MNIST digits generated pixel by pixel: each position predicts the next pixel's 256 levels. */
    MNIST_GEN;

    /** The name on the command line (mnist-gen for MNIST_GEN). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The task called {@code id}; the error lists the valid names. */
    public static TaskName parse(String id) {
        for (TaskName t : values()) {
            if (t.id().equals(id.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + id + "'; choose one of "
                + Arrays.stream(values()).map(TaskName::id).collect(Collectors.joining(", ")));
    }
}

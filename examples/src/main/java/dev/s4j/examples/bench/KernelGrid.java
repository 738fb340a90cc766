package dev.s4j.examples.bench;

import java.util.List;

/**
 * The configurations of the kernel suite: every kind at every width H and length L (N = 64, one
 * output channel).
 *
 * @param kinds   kernels among {@code s4}, {@code s4d} and {@code lssl}
 * @param widths  widths H
 * @param lengths lengths L
 */
public record KernelGrid(List<String> kinds, List<Integer> widths, List<Integer> lengths) {
    /** The kernel kinds the suite knows. */
    public static final List<String> KINDS = List.of("s4", "s4d", "lssl");

    public KernelGrid {
        kinds = List.copyOf(kinds);
        widths = List.copyOf(widths);
        lengths = List.copyOf(lengths);
        for (String k : kinds) {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("--kernel-kinds: unknown kernel '" + k + "'; kernels are " + String.join(", ", KINDS));
            }
        }
        for (int v : widths) {
            if (v < 1) {
                throw new IllegalArgumentException("--kernel-widths: widths must be >= 1, got " + v);
            }
        }
        for (int v : lengths) {
            if (v < 1) {
                throw new IllegalArgumentException("--kernel-lengths: lengths must be >= 1, got " + v);
            }
        }
    }

    /** This grid with each non-null argument replacing its part. */
    public KernelGrid with(List<String> newKinds, List<Integer> newWidths, List<Integer> newLengths) {
        return new KernelGrid(newKinds != null ? newKinds : kinds, newWidths != null ? newWidths : widths,
                newLengths != null ? newLengths : lengths);
    }
}

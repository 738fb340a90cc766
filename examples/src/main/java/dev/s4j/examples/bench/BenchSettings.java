package dev.s4j.examples.bench;

import java.util.List;

/**
 * The sizes and repetition plans of a benchmark run. {@link #full()} and {@link #quick()} measure
 * the same configurations; quick runs each phase once or twice after no warm-up.
 *
 * @param kernels        configurations of the kernel suite
 * @param blockLengths   L of the block suite (B = 8, H = 128, N = 64)
 * @param blockLayers    depths of the block suite
 * @param blockWidth     H of the block suite
 * @param genTokens      tokens generated in the gen suite (H = 128, N = 64)
 * @param genBatches     batch sizes of the gen suite
 * @param genPrefixes    prefix lengths at which the per-token cost of rerunning the convolution is sampled
 * @param lsslWidths     H of the LSSL-versus-S4 comparison
 * @param lsslLength     L of that comparison
 * @param fast           plan for phases under about 0.1 s
 * @param slow           plan for longer phases
 * @param onceS          a phase whose first run takes this long or longer is timed on that run alone
 *                       (its loops are compiled early in it), then run once more for its memory
 * @param serveSeconds   serve suite: seconds each stepping configuration is warmed up, and then measured
 * @param servePrefill   serve suite: tokens consumed by a prefill (and stepped, to compare)
 */
record BenchSettings(KernelGrid kernels, List<Integer> blockLengths, List<Integer> blockLayers, int blockWidth,
                            int genTokens, List<Integer> genBatches, List<Integer> genPrefixes, List<Integer> lsslWidths,
                            int lsslLength, Timing.Plan fast, Timing.Plan slow, double onceS, double serveSeconds,
                     int servePrefill) {

    /** The full run (about 6 minutes on 2 cores for the default suites). */
    static BenchSettings full() {
        return new BenchSettings(new KernelGrid(KernelGrid.KINDS, List.of(256), List.of(1024, 4096, 16384)), List.of(1024, 4096), List.of(1, 4), 128, 1024, List.of(1, 16),
                List.of(1, 256, 512, 768, 1024), List.of(128, 256, 512), 1024, new Timing.Plan(2, 2, 5, 15, 3),
                new Timing.Plan(2, 2, 3, 7, 6), 5, 2, 1024);
    }

    /**
     * A smoke test (under 2 minutes): every kind of line, on smaller configurations (kernels up to
     * L = 4096, blocks at L = 1024, LSSL widths 64 and 128), each phase measured once or twice
     * without warm-up. Its times are not comparable with a full run's.
     */
    static BenchSettings quick() {
        return new BenchSettings(new KernelGrid(KernelGrid.KINDS, List.of(256), List.of(1024, 4096)), List.of(1024), List.of(1, 4), 128, 1024, List.of(1, 16), List.of(1, 512, 1024),
                List.of(64, 128), 1024, new Timing.Plan(1, 0, 2, 2, 0), new Timing.Plan(0, 0, 1, 1, 0), 5, 0.2, 1024);
    }

    /** These settings with the kernel suite's configurations replaced. */
    BenchSettings withKernels(KernelGrid v) {
        return new BenchSettings(v, blockLengths, blockLayers, blockWidth, genTokens, genBatches, genPrefixes, lsslWidths,
                lsslLength, fast, slow, onceS, serveSeconds, servePrefill);
    }

    /** The plan for a phase whose single run took about {@code seconds}. */
    Timing.Plan planFor(double seconds) {
        return seconds < 0.1 ? fast : slow;
    }
}

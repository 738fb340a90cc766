package dev.s4j.examples.bench;

/**
 * Measures a phase with a repetition plan chosen from the length of a first run, after a full
 * collection (so that no earlier phase's garbage is collected on this phase's time). The first
 * run is not reported, except for a phase longer than {@link BenchSettings#onceS()}, which is
 * timed on it alone.
 */
final class Phases {
    private Phases() {
    }

    /** Times {@code phase} and samples its peak live heap. */
    static Timing measure(BenchSettings settings, Runnable phase) {
        double first = firstRun(phase);
        if (first >= settings.onceS()) {
            return new Timing(first, first, 1, HeapPeak.of(phase));
        }
        return Timing.of(phase, settings.planFor(first));
    }

    /** Times {@code phase} only ({@link Timing#peakMib()} is NaN). */
    static Timing time(BenchSettings settings, Runnable phase) {
        double first = firstRun(phase);
        if (first >= settings.onceS()) {
            return new Timing(first, first, 1, Double.NaN);
        }
        return Timing.timeOnly(phase, settings.planFor(first));
    }

    private static double firstRun(Runnable phase) {
        System.gc();
        long t0 = System.nanoTime();
        phase.run();
        return (System.nanoTime() - t0) * 1e-9;
    }
}

package dev.s4j.examples.bench;

/** Measures a phase with a repetition plan chosen from the length of a first, untimed-for-results run. */
final class Phases {
    private Phases() {
    }

    static Timing measure(BenchSettings settings, Runnable phase) {
        long t0 = System.nanoTime();
        phase.run();
        double first = (System.nanoTime() - t0) * 1e-9;
        return Timing.of(phase, settings.planFor(first));
    }
}

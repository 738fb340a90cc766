package dev.s4j.examples.bench;

/** One group of benchmarks of {@code s4j bench}. */
interface Suite {
    /** Its name on the command line. */
    String name();

    /** Measures every configuration of the suite and emits one line per measurement. */
    void run(BenchSettings settings, BenchOutput out);
}

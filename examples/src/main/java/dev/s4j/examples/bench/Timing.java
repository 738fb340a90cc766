package dev.s4j.examples.bench;

import java.util.Arrays;

/**
 * Timing of one phase: its median and minimum wall time over {@code reps} repetitions, after
 * warm-up, and its peak live heap ({@link HeapPeak}), sampled on extra, untimed repetitions.
 *
 * @param medianS median seconds per repetition
 * @param minS    fastest repetition, seconds
 * @param reps    measured repetitions
 * @param peakMib peak live heap above the level before the phase, MiB
 */
record Timing(double medianS, double minS, int reps, double peakMib) {

    /** How many repetitions to run: at least {@code minReps}, more while under {@code budgetS}, at most {@code maxReps}. */
    record Plan(int warmup, int minReps, int maxReps, double budgetS) {
        Plan {
            if (warmup < 0 || minReps < 1 || maxReps < minReps || budgetS < 0) {
                throw new IllegalArgumentException("bad repetition plan: " + warmup + ", " + minReps + ".." + maxReps);
            }
        }
    }

    /** Runs {@code phase} per {@code plan}: warm-up runs, timed repetitions, then the memory sampling. */
    static Timing of(Runnable phase, Plan plan) {
        for (int i = 0; i < plan.warmup(); i++) {
            phase.run();
        }
        double[] times = new double[plan.maxReps()];
        int reps = 0;
        double total = 0;
        while (reps < plan.maxReps() && (reps < plan.minReps() || total + median(times, reps) <= plan.budgetS())) {
            long t0 = System.nanoTime();
            phase.run();
            times[reps] = (System.nanoTime() - t0) * 1e-9;
            total += times[reps];
            reps++;
        }
        double peak = HeapPeak.of(phase);
        return new Timing(median(times, reps), Arrays.stream(times, 0, reps).min().orElseThrow(), reps, peak);
    }

    private static double median(double[] times, int n) {
        if (n == 0) {
            return 0;
        }
        double[] s = Arrays.copyOf(times, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}

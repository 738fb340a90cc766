package dev.s4j.examples.bench;

import java.util.Arrays;

/**
 * Timing of one phase: its median and minimum wall time over {@code reps} repetitions, after
 * warm-up, and its peak live heap ({@link HeapPeak}), sampled on extra, untimed repetitions.
 *
 * @param medianS median seconds per repetition
 * @param minS    fastest repetition, seconds
 * @param reps    measured repetitions
 * @param peakMib peak live heap above the level before the phase, MiB (NaN where not sampled)
 */
record Timing(double medianS, double minS, int reps, double peakMib) {

    /**
     * How many repetitions to run. Warm-up: at least {@code warmup} runs and at least
     * {@code warmupS} seconds, so that the JIT has compiled the hot loops of a short phase as it
     * would in a long training run (a few runs are not enough: C2 compiles a method after
     * thousands of calls). Then timed repetitions: at least {@code minReps}, more while their
     * total is under {@code budgetS}, at most {@code maxReps}.
     */
    record Plan(int warmup, double warmupS, int minReps, int maxReps, double budgetS) {
        Plan {
            if (warmup < 0 || warmupS < 0 || minReps < 1 || maxReps < minReps || budgetS < 0) {
                throw new IllegalArgumentException("bad repetition plan: " + warmup + " / " + warmupS + " s, " + minReps + ".."
                        + maxReps);
            }
        }
    }

    /** Runs {@code phase} per {@code plan}: warm-up runs, timed repetitions, then the memory sampling. */
    static Timing of(Runnable phase, Plan plan) {
        Timing t = timeOnly(phase, plan);
        return new Timing(t.medianS, t.minS, t.reps, HeapPeak.of(phase));
    }

    /** Warm-up runs and timed repetitions, without the memory sampling: {@link #peakMib()} is NaN. */
    static Timing timeOnly(Runnable phase, Plan plan) {
        long warmStart = System.nanoTime();
        for (int i = 0; i < plan.warmup() || (System.nanoTime() - warmStart) * 1e-9 < plan.warmupS(); i++) {
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
        return new Timing(median(times, reps), Arrays.stream(times, 0, reps).min().orElseThrow(), reps, Double.NaN);
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

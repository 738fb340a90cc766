package dev.s4j.optim;

/**
 * A learning-rate schedule: the factor applied to every group's base learning rate at a step
 * (0-based, counted in optimizer steps). {@link #apply} sets the groups' rates.
 */
@FunctionalInterface
public interface LrSchedule {

    /** The factor at {@code step}. */
    double factor(long step);

    /** Sets every group's learning rate for {@code step}. */
    default void apply(Optimizer optimizer, long step) {
        double f = factor(step);
        optimizer.groups().forEach(g -> g.scale(f));
    }

    /** Factor 1 throughout. */
    static LrSchedule constant() {
        return step -> 1;
    }

    /**
     * Linear warmup from 0 over {@code warmup} steps, then a cosine decay to {@code minFactor} at
     * {@code total} steps, and {@code minFactor} after.
     */
    static LrSchedule cosineWithWarmup(long warmup, long total, double minFactor) {
        if (warmup < 0 || total <= warmup) {
            throw new IllegalArgumentException("schedule: need 0 <= warmup < total, got " + warmup + " and " + total);
        }
        return step -> {
            if (step < warmup) {
                return (step + 1) / (double) warmup;
            }
            if (step >= total) {
                return minFactor;
            }
            double progress = (step - warmup) / (double) (total - warmup);
            return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }

    /** Multiplies by {@code gamma} every {@code every} steps. */
    static LrSchedule step(long every, double gamma) {
        if (every < 1) {
            throw new IllegalArgumentException("schedule: step size must be positive, got " + every);
        }
        return step -> Math.pow(gamma, step / every);
    }
}

package dev.s4j.examples.bench;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Peak memory of a phase: after a full collection, the heap in use is the baseline; the pools'
 * peak counters are reset; after the phase, the sum over heap pools of their peak usage minus
 * the baseline, plus the growth of direct (off-heap) buffers, is the phase's peak in MiB.
 *
 * <p>The sum of per-pool peaks is an upper bound of the heap's peak (pools peak at different
 * times), and it counts garbage that was not yet collected: {@code s4j bench} runs with the young
 * generation capped (the launcher passes {@code -Xmn64m}) so that at most that much garbage is
 * counted. The environment line of the output says which young-generation setting was in force.
 */
final class HeapPeak {
    private final List<MemoryPoolMXBean> heap;
    private long baseline;
    private long directBefore;

    HeapPeak() {
        heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    /** Collects garbage, records the baseline and resets the peak counters. */
    void start() {
        System.gc();
        baseline = 0;
        for (MemoryPoolMXBean p : heap) {
            baseline += p.getUsage().getUsed();
            p.resetPeakUsage();
        }
        directBefore = direct();
    }

    /** The phase's peak above the baseline, MiB. */
    double peakMib() {
        long peak = 0;
        for (MemoryPoolMXBean p : heap) {
            peak += p.getPeakUsage().getUsed();
        }
        long bytes = Math.max(0, peak - baseline) + Math.max(0, direct() - directBefore);
        return bytes / (1024.0 * 1024.0);
    }

    private static long direct() {
        long sum = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            sum += b.getMemoryUsed();
        }
        return sum;
    }
}

package dev.s4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Peak live heap of a phase, sampled: a full collection first sets the baseline; while the phase
 * runs, a sampler thread repeatedly forces a full collection and reads the heap in use right after
 * it, as recorded by the collector (the live set at that moment: tensors, the autograd tape's saved values, gradients). The peak
 * is the largest sample minus the baseline.
 *
 * <p>Garbage is not counted, so the figure is comparable with a process's resident memory under an
 * allocator that reuses freed memory. Because it is sampled, a spike shorter than the sampling
 * interval can be missed: the result is a lower bound of the true live peak, with the interval
 * (about 5 ms, stretched so collections take at most a third of the time) as its resolution. The
 * collections slow the phase, so this runs on extra repetitions that are not timed.
 */
final class HeapPeak {
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private static final int MIN_SAMPLES = 8;
    private static final long MAX_NANOS = 3_000_000_000L;

    private HeapPeak() {
    }

    /** Runs {@code phase} (at least once, until enough samples are taken) and returns its peak live heap in MiB. */
    static double of(Runnable phase) {
        System.gc();
        long baseline = liveAfterLastCollection();
        Sampler sampler = new Sampler();
        Thread t = new Thread(sampler, "s4j-heap-sampler");
        t.setDaemon(true);
        t.start();
        long start = System.nanoTime();
        try {
            do {
                phase.run();
            } while (sampler.samples() < MIN_SAMPLES && System.nanoTime() - start < MAX_NANOS);
        } finally {
            sampler.stop();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Math.max(0, sampler.max() - baseline) / (1024.0 * 1024.0);
    }

    /**
     * Bytes of heap in use right after the most recent collection, as the collector recorded it:
     * the live set then (reading the current usage instead would count whatever was allocated
     * since, garbage included).
     */
    static long liveAfterLastCollection() {
        long sum = 0;
        for (MemoryPoolMXBean p : HEAP) {
            MemoryUsage u = p.getCollectionUsage();
            sum += u == null ? 0 : u.getUsed();
        }
        return sum;
    }

    private static final class Sampler implements Runnable {
        private volatile boolean running = true;
        private volatile int samples;
        private volatile long max;

        @Override
        public void run() {
            long pauseNanos = 5_000_000L;
            while (running) {
                try {
                    Thread.sleep(pauseNanos / 1_000_000L, (int) (pauseNanos % 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
                if (!running) {
                    return;
                }
                long t0 = System.nanoTime();
                System.gc();
                long live = liveAfterLastCollection();
                long gcNanos = System.nanoTime() - t0;
                max = Math.max(max, live);
                samples++;
                pauseNanos = Math.max(5_000_000L, 2 * gcNanos);
            }
        }

        void stop() {
            running = false;
        }

        int samples() {
            return samples;
        }

        long max() {
            return max;
        }
    }
}

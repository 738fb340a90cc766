package dev.s4j.autograd;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * The one thread pool that heavy kernels (matmul, FFT over rows, Cauchy, large elementwise ops)
 * share. Its size defaults to the number of available processors, or to the system property
 * {@code s4j.threads}; {@link #setThreads} changes it at run time.
 *
 * <p>Work is split into contiguous index ranges whose boundaries depend only on the problem size
 * and the thread count, so results are reproducible for a given thread count. A range started
 * from inside the pool runs inline (no nested fan-out).
 */
public final class Parallel {
    private static volatile int threads = defaultThreads();
    private static volatile ForkJoinPool pool = newPool(threads);

    private Parallel() {
    }

    private static int defaultThreads() {
        int n = Integer.getInteger("s4j.threads", Runtime.getRuntime().availableProcessors());
        if (n < 1) {
            throw new IllegalArgumentException("s4j.threads must be at least 1, got " + n);
        }
        return n;
    }

    private static ForkJoinPool newPool(int n) {
        if (n == 1) {
            return null;
        }
        return new ForkJoinPool(n, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("s4j-worker-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Number of threads heavy kernels use. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads heavy kernels use (1 = run everything on the calling thread). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: need at least 1 thread, got " + n);
        }
        if (n == threads) {
            return;
        }
        ForkJoinPool old = pool;
        pool = newPool(n);
        threads = n;
        if (old != null) {
            old.shutdown();
        }
    }

    /** Body of a parallel loop over the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into at most a few ranges per thread, each of at
     * least {@code grain} indices. Returns when every range has run; rethrows the first failure.
     */
    public static void range(int n, int grain, Range body) {
        ForkJoinPool p = pool;
        int chunks = grain <= 0 ? n : (int) Math.min((n + (long) grain - 1) / grain, 4L * threads);
        if (p == null || chunks <= 1 || Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == p) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        p.invoke(new Chunks(body, n, chunks, 0, chunks));
    }

    private static final class Chunks extends RecursiveAction {
        private final Range body;
        private final int n;
        private final int chunks;
        private final int lo;
        private final int hi;

        Chunks(Range body, int n, int chunks, int lo, int hi) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int from = (int) ((long) n * lo / chunks);
                int to = (int) ((long) n * hi / chunks);
                body.run(from, to);
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunks(body, n, chunks, lo, mid), new Chunks(body, n, chunks, mid, hi));
        }
    }
}

package dev.s4j.opencl;

import static dev.s4j.opencl.TestDevice.assertClose;
import static dev.s4j.opencl.TestDevice.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CauchyJob;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;
import dev.s4j.autograd.accel.FftJob;
import dev.s4j.autograd.accel.VandermondeJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Device and host memory stay flat over many calls; jobs from several threads at once stay correct. */
class ResourcesTest {

    /** One job of each kind on small random inputs: runs on the device, returns its outputs. */
    private static List<Supplier<Storage>> jobs(OpenClAccelerator acc, Random random) {
        DType c64 = DType.COMPLEX64;
        Storage v = random(random, c64, 2 * 3 * 5, 0);
        Storage w = random(random, c64, 3 * 5, -2);
        Storage z = random(random, c64, 9, 0);
        CauchyJob cauchy = new CauchyJob(2, 3, 5, 9, 1, true, v, w, z);
        Storage x = random(random, DType.FLOAT32, 3 * 40, 0);
        Storage c = random(random, c64, 2 * 4, 0);
        Storage bases = random(random, c64, 2 * 4, 0);
        for (int i = 0; i < bases.length(); i++) {
            bases.setRe(i, 0.5 * Math.tanh(bases.re(i)));
            bases.setIm(i, 0.5 * Math.tanh(bases.im(i)));
        }
        VandermondeJob vandermonde = new VandermondeJob(1, 2, 4, 33, c, bases);
        Storage k = random(random, DType.FLOAT32, 2 * 3 * 20, 0);
        Storage u = random(random, DType.FLOAT32, 2 * 3 * 20, 0);
        ConvolutionJob conv = new ConvolutionJob(2, 2, 3, 20, 20, 64, k);
        List<Supplier<Storage>> out = new ArrayList<>();
        out.add(() -> {
            Storage o = Storage.allocate(c64, 2 * 3 * 9);
            assertTrue(acc.cauchy(cauchy, o));
            return o;
        });
        out.add(() -> {
            Storage o = Storage.allocate(c64, 3 * 21);
            assertTrue(acc.fft(new FftJob(FftJob.Kind.R2C, 3, 40, 40, x, o)));   // Bluestein
            return o;
        });
        out.add(() -> {
            Storage o = Storage.allocate(c64, 3 * 33);
            assertTrue(acc.fft(new FftJob(FftJob.Kind.R2C, 3, 40, 64, x, o)));   // Stockham
            return o;
        });
        if (TestDevice.fp64()) {
            out.add(() -> {
                Storage o = Storage.allocate(DType.FLOAT32, 2 * 33);
                assertTrue(acc.vandermonde(vandermonde, o));
                return o;
            });
        }
        out.add(() -> {
            ConvolutionPlan plan = acc.convolution(conv);
            Storage y = Storage.allocate(DType.FLOAT32, 2 * 2 * 3 * 20);
            plan.forward(u, y);
            return y;
        });
        return out;
    }

    @Test
    void deviceAndHostMemoryDoNotGrowOverTenThousandCalls() {
        OpenClAccelerator acc = TestDevice.require();
        List<Supplier<Storage>> jobs = jobs(acc, new Random(1));
        for (int i = 0; i < 200; i++) {
            jobs.get(i % jobs.size()).get();
        }
        long[] deviceBefore = acc.deviceMemory();
        long hostBefore = usedHeap();
        long ranBefore = acc.jobsRun();
        for (int i = 0; i < 10_000; i++) {
            jobs.get(i % jobs.size()).get();
        }
        assertTrue(acc.jobsRun() - ranBefore >= 10_000, "every call ran on the device");
        assertArrayEquals(deviceBefore, acc.deviceMemory(), "device bytes and buffers held before and after 10,000 calls");
        long grown = usedHeap() - hostBefore;
        assertTrue(grown < 8 << 20, "the host heap grew by " + grown + " bytes over 10,000 calls");
    }

    @Test
    void tablesBeyondTheCacheAreFreedAndMadeAgain() {
        OpenClAccelerator acc = TestDevice.require();
        Random random = new Random(3);
        Storage first = null;
        Storage again = null;
        for (int n = 3; n < 3 + 2 * 40; n += 2) {          // 40 odd lengths: chirp, filter and twiddle tables for each
            Storage x = random(random, DType.FLOAT32, 2 * n, 0);
            Storage o = Storage.allocate(DType.COMPLEX64, 2 * (n / 2 + 1));
            assertTrue(acc.fft(new FftJob(FftJob.Kind.R2C, 2, n, n, x, o)));
            if (n == 3) {
                first = o;
                again = x;
            }
        }
        assertTrue(OpenClRuntime.current().device().tableCount() <= 32, "at most 32 tables are kept");
        Storage o = Storage.allocate(DType.COMPLEX64, 4);
        assertTrue(acc.fft(new FftJob(FftJob.Kind.R2C, 2, 3, 3, again, o)));   // its tables were evicted: made again
        assertClose("length 3 after eviction", first, o, 0);
    }

    @Test
    void closingWaitsForARunningJobOnlyAsLongAsAsked() throws Exception {
        TestDevice.require();
        ClDevice device = OpenClRuntime.current().device();
        ExecutorService other = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            Future<?> job = other.submit(() -> {
                try (ClJob j = device.job(Precision.SINGLE)) {
                    holding.countDown();
                    release.await();
                }
                return null;
            });
            holding.await();
            device.closeWithin(50);
            assertTrue(!device.isClosed(), "a running job keeps the device open");
            release.countDown();
            job.get();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void jobsFromSeveralThreadsAtOnceStayCorrect() throws Exception {
        OpenClAccelerator acc = TestDevice.require();
        int threads = 4;
        List<List<Supplier<Storage>>> perThread = new ArrayList<>();
        List<List<Storage>> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Supplier<Storage>> jobs = jobs(acc, new Random(100 + t));
            perThread.add(jobs);
            List<Storage> results = new ArrayList<>();
            for (Supplier<Storage> j : jobs) {
                results.add(j.get());   // one at a time: the reference
            }
            expected.add(results);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        int j = (round + id) % perThread.get(id).size();
                        assertClose("thread " + id + " job " + j, expected.get(id).get(j), perThread.get(id).get(j).get(), 0);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}

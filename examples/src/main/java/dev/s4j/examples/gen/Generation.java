package dev.s4j.examples.gen;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.io.Npy;
import dev.s4j.examples.data.PixelTokens;
import dev.s4j.examples.data.Seeds;
import dev.s4j.examples.train.Bars;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;

/**
 * Digits drawn by a {@link Completer}: sample i completes test digit i after its first
 * {@code prefix} pixels (or starts from nothing when the prefix is 0) with its own generator,
 * seeded from (seed, i), so the samples do not depend on how many run at once.
 *
 * @param originals   the test digits (levels 0–255, raster order)
 * @param completions the digits drawn
 * @param prefix      pixels given of each original
 * @param tokens      pixels drawn in all
 * @param seconds     wall time of the drawing
 */
public record Generation(List<int[]> originals, List<int[]> completions, int prefix, long tokens, double seconds) {

    /** Draws {@code samples} digits on {@code threads} threads, with a progress bar (pixels/s). */
    public static Generation run(Completer completer, PixelTokens test, int samples, int prefix, Sampler sampler, long seed,
                                 int threads) {
        int length = test.length();
        List<int[]> originals = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            originals.add(prefix > 0 ? test.pixels(i) : new int[length]);
        }
        long total = (long) samples * (length - prefix);
        AtomicLong drawn = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, samples));
        try (ProgressBar bar = Bars.builder("generate", total).build()) {
            List<Future<int[]>> jobs = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                int index = i;
                jobs.add(pool.submit(() -> {
                    Generator rng = new Generator(Seeds.derive(seed, index));
                    return completer.complete(originals.get(index), prefix, length, z -> sampler.sample(z, rng), t -> {
                        long n = drawn.incrementAndGet();
                        if (n % 64 == 0) {
                            synchronized (bar) {
                                if (n > bar.getCurrent()) {                // a thread with an older count may come later
                                    bar.stepTo(n);
                                    bar.setExtraMessage(String.format(Locale.ROOT, "%,.0f pixels/s",
                                            n / ((System.nanoTime() - start) / 1e9)));
                                }
                            }
                        }
                    });
                }));
            }
            List<int[]> completions = new ArrayList<>();
            for (Future<int[]> f : jobs) {
                completions.add(f.get());
            }
            bar.stepTo(total);
            return new Generation(originals, completions, prefix, total, (System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("generation interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Writes the completions as float32 (samples, 28, 28) levels, then the picture
     * ({@link SampleSheet}); each file is replaced atomically.
     */
    public void write(Path png, Path npy) throws IOException {
        int side = (int) Math.round(Math.sqrt(completions.get(0).length));
        float[] v = new float[completions.size() * side * side];
        for (int i = 0; i < completions.size(); i++) {
            for (int p = 0; p < side * side; p++) {
                v[i * side * side + p] = completions.get(i)[p];
            }
        }
        Npy.write(npy, v, completions.size(), side, side);
        SampleSheet.write(png, originals, completions, prefix);
    }
}

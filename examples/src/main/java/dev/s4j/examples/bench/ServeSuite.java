package dev.s4j.examples.bench;

import dev.s4j.autograd.Generator;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import dev.s4j.ssm.model.StepPlan;
import dev.s4j.ssm.model.StepState;
import dev.s4j.ssm.serve.Predictor;
import dev.s4j.ssm.serve.StreamSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Serving through the recurrent view (random weights, float32 models, evaluation):
 * <ul>
 * <li>{@code step}: {@link StreamSession#step} on S sessions, round-robin, from 1 or 2 threads at
 *     once (each thread its own S sessions); the latency of every call is recorded;</li>
 * <li>{@code step} with batch 16: one {@link StepState} of 16 sequences stepped together
 *     ({@code us_per_token} is a call's time over 16);</li>
 * <li>{@code prefill} against {@code step_all}: T tokens consumed by one {@link StreamSession#prefill}
 *     (layer by layer, the position-wise maps as matrix products) or by T steps.</li>
 * </ul>
 * Models: the default {@code s4j train} model (4 S4 layers, H = 64, N = 64, mean pooling) and
 * 4 layers of H = 128, N = 64 with S4 or S4D kernels (no pooling). {@code tokens_per_s} counts
 * sequence positions per second over all threads; {@code state_bytes_per_session} is the size of
 * {@link StreamSession#state()}.
 */
final class ServeSuite implements Suite {
    private static final int SESSIONS = 64;

    @Override
    public String name() {
        return "serve";
    }

    private record Model(String name, KernelSpec kernel, int width, Pooling pooling) {
        Predictor build() {
            BackboneSpec spec = BackboneSpec.of(1, 10).withWidth(width).withLayers(4).withBlock(BlockSpec.of(kernel))
                    .withPooling(pooling);
            return Predictor.of(new Backbone(spec, new Generator(0)));
        }
    }

    @Override
    public void run(BenchSettings settings, BenchOutput out) {
        List<Model> models = List.of(new Model("smnist-default", NplrSpec.of(64), 64, Pooling.MEAN),
                new Model("4x128", NplrSpec.of(64), 128, Pooling.NONE), new Model("4x128", DiagonalSpec.of(64), 128, Pooling.NONE));
        for (Model m : models) {
            Predictor p = m.build();
            int stateBytes = p.newSession().state().length;
            for (int threads : new int[] {1, 2}) {
                for (int sessions : threads == 1 ? new int[] {1, SESSIONS} : new int[] {SESSIONS}) {
                    out.progress("serve " + m.name() + " " + kind(m) + " threads=" + threads + " sessions=" + sessions);
                    emit(out, m, 1, threads, sessions, "step", sessions(p, threads, sessions, settings.serveSeconds()), stateBytes);
                }
            }
            out.progress("serve " + m.name() + " " + kind(m) + " batch=16");
            emit(out, m, 16, 1, 1, "step", batch(p, 16, settings.serveSeconds()), stateBytes);
            out.progress("serve " + m.name() + " " + kind(m) + " prefill=" + settings.servePrefill());
            Measured[] chunk = prefill(p, settings.servePrefill(), settings.serveSeconds());
            emit(out, m, 1, 1, 1, "prefill", chunk[0], stateBytes);
            emit(out, m, 1, 1, 1, "step_all", chunk[1], stateBytes);
        }
    }

    private static String kind(Model m) {
        return m.kernel() instanceof NplrSpec ? "s4" : "s4d";
    }

    private static void emit(BenchOutput out, Model m, int batch, int threads, int sessions, String mode, Measured r, int stateBytes) {
        out.emit(BenchOutput.line("serve").put("model", m.name()).put("kernel", kind(m)).put("layers", 4).put("H", m.width())
                .put("N", m.kernel().stateSize()).put("batch", batch).put("threads", threads).put("sessions", sessions).put("mode", mode)
                .put("tokens", r.tokens()).put("us_per_token_p50", round(r.p50())).put("us_per_token_p99", round(r.p99()))
                .put("tokens_per_s", Math.round(r.tokensPerS())).put("state_bytes_per_session", stateBytes).put("dtype", "float32"));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Latency percentiles (µs per token) and throughput of one configuration. */
    private record Measured(long tokens, double p50, double p99, double tokensPerS) {
        static Measured of(List<long[]> perThread, long tokensPerCall, double seconds) {
            int n = 0;
            for (long[] t : perThread) {
                if (t == null) {
                    throw new IllegalStateException("serve benchmark: a stepping thread failed (see its stack trace above)");
                }
                n += t.length;
            }
            if (n == 0) {
                throw new IllegalStateException("serve benchmark: no call finished in the time given; give it more time");
            }
            double[] us = new double[n];
            int k = 0;
            for (long[] t : perThread) {
                for (long v : t) {
                    us[k++] = v / 1e3 / tokensPerCall;
                }
            }
            Arrays.sort(us);
            long tokens = n * tokensPerCall;
            return new Measured(tokens, us[(int) (0.5 * (n - 1))], us[(int) (0.99 * (n - 1))], tokens / seconds);
        }
    }

    /** {@code threads} threads, each stepping its own {@code sessions} sessions round-robin for the warm-up, then for the measurement. */
    private static Measured sessions(Predictor p, int threads, int sessions, double seconds) {
        List<long[]> latencies = new ArrayList<>();
        long[] wall = new long[2];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[][] mine = new long[1][];
            latencies.add(null);
            int index = t;
            Thread w = new Thread(() -> {
                StreamSession[] s = new StreamSession[sessions];
                for (int i = 0; i < sessions; i++) {
                    s[i] = p.newSession();
                }
                float[] x = new float[1];
                Random r = new Random(index);
                run(s, x, r, (long) (seconds * 1e9), null);              // warm-up
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long[] calls = new long[1 << 16];
                mine[0] = run(s, x, r, (long) (seconds * 1e9), calls);
                synchronized (latencies) {
                    latencies.set(index, mine[0]);
                }
            }, "serve-" + t);
            workers.add(w);
            w.start();
        }
        try {
            Thread.sleep((long) (seconds * 1000) + 200);                 // every warm-up done (or nearly)
            wall[0] = System.nanoTime();
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            wall[1] = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("serve benchmark interrupted", e);
        }
        return Measured.of(latencies, 1, (wall[1] - wall[0]) / 1e9);
    }

    /** Steps the sessions round-robin for {@code nanos}; records each call's time if {@code calls} is given. */
    private static long[] run(StreamSession[] s, float[] x, Random r, long nanos, long[] calls) {
        long end = System.nanoTime() + nanos;
        int n = 0;
        long[] out = calls;
        while (System.nanoTime() < end) {
            for (StreamSession session : s) {
                x[0] = (float) r.nextGaussian();
                long t0 = System.nanoTime();
                session.step(x);
                long dt = System.nanoTime() - t0;
                if (out != null) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, 2 * n);
                    }
                    out[n++] = dt;
                }
            }
        }
        return out == null ? null : Arrays.copyOf(out, n);
    }

    /** One state of {@code batch} sequences stepped together. */
    private static Measured batch(Predictor p, int batch, double seconds) {
        StepPlan plan = StepPlan.of(new Backbone(p.spec(), new Generator(0)));
        StepState state = plan.newState(batch);
        double[] x = new double[batch];
        double[] y = new double[batch * p.outputSize()];
        Random r = new Random(1);
        for (long end = System.nanoTime() + (long) (seconds * 1e9); System.nanoTime() < end; ) {
            x[r.nextInt(batch)] = r.nextGaussian();
            plan.step(x, state, y);
        }
        long[] calls = new long[1 << 14];
        int n = 0;
        long t0 = System.nanoTime();
        for (long end = t0 + (long) (seconds * 1e9); System.nanoTime() < end; ) {
            x[r.nextInt(batch)] = r.nextGaussian();
            long a = System.nanoTime();
            plan.step(x, state, y);
            if (n == calls.length) {
                calls = Arrays.copyOf(calls, 2 * n);
            }
            calls[n++] = System.nanoTime() - a;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return Measured.of(List.of(Arrays.copyOf(calls, n)), batch, wall);
    }

    /** T tokens by one prefill, and by T steps: the median of repeated runs over the time budget, each from a fresh session. */
    private static Measured[] prefill(Predictor p, int tokens, double seconds) {
        Random r = new Random(2);
        float[][] xs = new float[tokens][1];
        for (float[] x : xs) {
            x[0] = (float) r.nextGaussian();
        }
        Measured[] result = new Measured[2];
        for (int mode = 0; mode < 2; mode++) {
            List<Long> times = new ArrayList<>();
            long end = System.nanoTime() + (long) (2 * seconds * 1e9);
            for (int rep = 0; rep < 3 || System.nanoTime() < end; rep++) {
                try (StreamSession s = p.newSession()) {
                    long t0 = System.nanoTime();
                    if (mode == 0) {
                        s.prefill(xs);
                    } else {
                        for (float[] x : xs) {
                            s.step(x);
                        }
                    }
                    long dt = System.nanoTime() - t0;
                    if (rep > 0) {                                        // the first run warms up
                        times.add(dt);
                    }
                }
            }
            long[] t = times.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(t);
            long median = t[(int) (0.5 * (t.length - 1))];
            result[mode] = new Measured(tokens, median / 1e3 / tokens, t[(int) (0.99 * (t.length - 1))] / 1e3 / tokens,
                    tokens / (median / 1e9));
        }
        return result;
    }
}

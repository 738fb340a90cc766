package dev.s4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.s4j.autograd.accel.Accelerators;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BenchTest {
    private static final Set<String> TIMING = Set.of("median_s", "min_s", "reps", "peak_mib", "dtype", "threads", "accelerator");

    private static BenchSettings tiny() {
        Timing.Plan once = new Timing.Plan(0, 0, 1, 2, 0);
        return new BenchSettings(new KernelGrid(KernelGrid.KINDS, List.of(8), List.of(16)), List.of(16), List.of(1, 2), 8, 8, List.of(1, 2), List.of(1, 4, 8), List.of(8), 16,
                once, once, 1e9, 0.01, 16);
    }

    private static List<JsonObject> run(List<String> suites) {
        StringWriter text = new StringWriter();
        List<String> progress = new ArrayList<>();
        Bench.run(suites, tiny(), true, new BenchOutput(new PrintWriter(text), progress::add));
        assertTrue(!progress.isEmpty(), "progress messages go to the progress sink");
        return text.toString().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    private static Set<String> keys(JsonObject o) {
        return o.keySet().stream().collect(Collectors.toSet());
    }

    private static Set<String> with(Set<String> a, String... more) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(List.of(more));
        return s;
    }

    @Test
    void kernelAndBlockLinesHaveExactlyTheAgreedFields() {
        List<JsonObject> lines = run(List.of("kernel", "block"));
        assertEquals("env", lines.get(0).get("bench").getAsString());
        List<JsonObject> kernel = lines.stream().filter(o -> o.get("bench").getAsString().equals("kernel")).toList();
        List<JsonObject> block = lines.stream().filter(o -> o.get("bench").getAsString().equals("block")).toList();
        assertEquals(3 * 2, kernel.size(), "three kernels, two phases, one length");
        assertEquals(2 * 2, block.size(), "two depths, two phases, one length");
        for (JsonObject o : kernel) {
            assertEquals(with(TIMING, "bench", "kernel", "H", "N", "L", "phase"), keys(o));
            assertTrue(Set.of("s4", "s4d", "lssl").contains(o.get("kernel").getAsString()));
            assertTrue(Set.of("fwd_nograd", "fwd_bwd").contains(o.get("phase").getAsString()));
            assertEquals(16, o.get("L").getAsInt());
            assertTiming(o);
        }
        for (JsonObject o : block) {
            assertEquals(with(TIMING, "bench", "layers", "B", "H", "N", "L", "phase"), keys(o));
            assertTrue(Set.of("fwd_nograd", "train_step_fwd_bwd").contains(o.get("phase").getAsString()));
            assertTiming(o);
        }
    }

    @Test
    void generationAndLsslLines() {
        List<JsonObject> lines = run(List.of("gen", "lssl"));
        List<JsonObject> gen = lines.stream().filter(o -> o.get("bench").getAsString().equals("gen")).toList();
        assertEquals(2 * 2 * 3, gen.size(), "two kernels, two batch sizes, three phases");
        for (JsonObject o : gen) {
            assertEquals(Set.of("bench", "kernel", "H", "N", "batch", "phase", "tokens_per_s", "accelerator"), keys(o));
            assertTrue(Set.of("recurrent_step", "conv_recompute", "conv_cached_kernel").contains(o.get("phase").getAsString()));
            double rate = o.get("tokens_per_s").getAsDouble();
            assertTrue(rate > 0 && Double.isFinite(rate), o.toString());
        }
        List<JsonObject> lssl = lines.stream().filter(o -> o.get("bench").getAsString().equals("lssl")).toList();
        assertEquals(3, lssl.size(), "LSSL, S4, ratio");
        assertEquals(8, lssl.get(0).get("N").getAsInt(), "dense LSSL at N = H");
        assertEquals(2, lssl.get(1).get("N").getAsInt(), "S4 at N = H / 4");
        JsonObject ratio = lssl.get(2);
        assertEquals(lssl.get(0).get("median_s").getAsDouble() / lssl.get(1).get("median_s").getAsDouble(),
                ratio.get("speedup").getAsDouble(), 1e-9);
        for (JsonObject o : lines) {
            assertEquals(Accelerators.active().name(), o.get("accelerator").getAsString(), "every line names the backend: " + o);
        }
    }

    @Test
    void theKernelGridSetsKindsWidthsAndLengths() {
        StringWriter text = new StringWriter();
        BenchSettings settings = tiny().withKernels(new KernelGrid(List.of("s4d"), List.of(4, 8), List.of(16, 32)));
        Bench.run(List.of("kernel"), settings, true, new BenchOutput(new PrintWriter(text), m -> { }));
        List<String> configs = text.toString().lines().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("bench").getAsString().equals("kernel") && o.get("phase").getAsString().equals("fwd_bwd"))
                .map(o -> o.get("kernel").getAsString() + " H=" + o.get("H") + " L=" + o.get("L")).toList();
        assertEquals(List.of("s4d H=4 L=16", "s4d H=4 L=32", "s4d H=8 L=16", "s4d H=8 L=32"), configs);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KernelGrid(List.of("s5"), List.of(4), List.of(16)));
        assertEquals("--kernel-kinds: unknown kernel 's5'; kernels are s4, s4d, lssl", e.getMessage());
    }

    @Test
    void unknownSuitesAreRefusedBeforeAnythingRuns() {
        StringWriter text = new StringWriter();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bench.run(List.of("kernel", "nope"), tiny(), true, new BenchOutput(new PrintWriter(text), m -> { })));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        assertEquals("", text.toString());
    }

    @Test
    void interpolatedSumIsExactForLinearCosts() {
        double[] cost = {3 + 2 * 1, 3 + 2 * 5, 3 + 2 * 20};
        double expected = 0;
        for (int t = 1; t <= 20; t++) {
            expected += 3 + 2 * t;
        }
        assertEquals(expected, GenSuite.interpolatedSum(List.of(1, 5, 20), cost, 20), 1e-9);
    }

    @Test
    void aPhaseThatRunsOutOfMemoryIsReportedNotThrown() {
        LsslSuite.Outcome ok = LsslSuite.measure(tiny(), () -> { });
        assertTrue(ok.timing() != null && ok.timing().reps() >= 1);
        LsslSuite.Outcome oom = LsslSuite.measure(tiny(), () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertEquals(null, oom.timing());
        assertTrue(oom.secondsBeforeFailure() >= 0 && oom.liveMibAtFailure() >= 0);
    }

    @Test
    void aPhaseOverTheOnceThresholdIsTimedOnItsFirstRun() {
        BenchSettings t = tiny();
        BenchSettings once = new BenchSettings(t.kernels(), t.blockLengths(), t.blockLayers(), t.blockWidth(), t.genTokens(),
                t.genBatches(), t.genPrefixes(), t.lsslWidths(), t.lsslLength(), t.fast(), t.slow(), 0.0, t.serveSeconds(), t.servePrefill());
        int[] runs = {0};
        Timing timing = Phases.time(once, () -> runs[0]++);
        assertEquals(1, timing.reps());
        assertEquals(1, runs[0], "timed on its first run, not run again");
    }

    @Test
    void warmUpLastsAtLeastItsTime() {
        int[] runs = {0};
        long t0 = System.nanoTime();
        Timing.of(() -> {
            runs[0]++;
            sleep(10);
        }, new Timing.Plan(1, 0.2, 1, 1, 0));
        assertTrue(System.nanoTime() - t0 >= 200_000_000L, "warm-up shorter than its 0.2 s");
        assertTrue(runs[0] >= 1 + 1 + 1, "warm-up, one timed run and the memory sampling");
    }

    @Test
    void timingFollowsItsPlanAndSeesLiveMemory() {
        int[] runs = {0};
        Timing t = Timing.of(() -> runs[0]++, new Timing.Plan(2, 0, 3, 5, 0));
        assertEquals(3, t.reps(), "no budget: exactly the minimum");
        assertTrue(runs[0] >= 6, "two warm-up runs, three timed, then at least one for the memory sampling");
        Timing big = Timing.of(() -> {
            byte[] a = new byte[96 << 20];
            a[a.length - 1] = 1;
            sleep(40);
            runs[0] += a[a.length - 1];
        }, new Timing.Plan(0, 0, 1, 1, 0));
        assertTrue(big.peakMib() >= 90 && big.peakMib() < 200, "a 96 MiB array held for 40 ms shows in the peak, got " + big.peakMib());
        Timing garbage = Timing.of(() -> {
            for (int i = 0; i < 64; i++) {
                byte[] a = new byte[4 << 20];
                runs[0] += a.length > 0 ? 0 : 1;
            }
            sleep(20);
        }, new Timing.Plan(0, 0, 1, 1, 0));
        assertTrue(garbage.peakMib() < 64, "garbage is not live memory, got " + garbage.peakMib());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertTiming(JsonObject o) {
        double median = o.get("median_s").getAsDouble();
        double min = o.get("min_s").getAsDouble();
        assertTrue(min > 0 && min <= median && Double.isFinite(median), o.toString());
        assertTrue(o.get("reps").getAsInt() >= 1, o.toString());
        assertTrue(o.get("peak_mib").getAsDouble() >= 0, o.toString());
        assertEquals("float32", o.get("dtype").getAsString());
        assertTrue(o.get("threads").getAsInt() >= 1);
    }

    @Test
    void theServeSuiteReportsLatencyThroughputAndStateSize() {
        List<JsonObject> lines = run(List.of("serve"));
        List<JsonObject> serve = lines.stream().filter(l -> l.get("bench").getAsString().equals("serve")).toList();
        assertEquals(3 * 6, serve.size(), "3 models × (3 session configurations, batch 16, prefill, step_all)");
        for (JsonObject l : serve) {
            for (String k : List.of("kernel", "layers", "H", "N", "batch", "threads", "sessions", "us_per_token_p50", "us_per_token_p99",
                    "tokens_per_s", "state_bytes_per_session")) {
                assertTrue(l.has(k), k + " in " + l);
            }
            assertTrue(l.get("tokens_per_s").getAsDouble() > 0, l.toString());
            assertTrue(l.get("us_per_token_p99").getAsDouble() >= l.get("us_per_token_p50").getAsDouble(), l.toString());
        }
        assertTrue(serve.stream().anyMatch(l -> l.get("mode").getAsString().equals("prefill") && l.get("tokens").getAsInt() == 16));
        assertTrue(serve.stream().anyMatch(l -> l.get("threads").getAsInt() == 2 && l.get("sessions").getAsInt() == 64));
        assertTrue(serve.stream().anyMatch(l -> l.get("batch").getAsInt() == 16 && l.get("kernel").getAsString().equals("s4d")));
    }
}

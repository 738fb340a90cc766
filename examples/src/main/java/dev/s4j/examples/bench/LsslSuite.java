package dev.s4j.examples.bench;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.layer.FftConv;

/**
 * The S4 paper's Table 2 on this machine: one SSM layer ({@link FftConv}: kernel generation,
 * FFT convolution and the D skip) on (B, H, L) = (1, H, L) float32, forward plus the backward of
 * Σ y ∘ R, with the dense LSSL kernel at N = H against the S4 kernel at N = H / 4. After the two
 * timing lines of each H comes a {@code ratio} line: LSSL time / S4 time ({@code speedup}) and
 * LSSL peak memory / S4 peak memory ({@code memory_ratio}).
 *
 * <p>The dense kernel needs O(H·N·L + H·N²·log L) memory for its backward pass, which at H = N = 512
 * may not fit in the heap. Its line then says {@code "status":"out_of_memory"}, with the seconds it
 * ran and the live heap the collector found at the failure, and the ratio line gives lower bounds
 * ({@code speedup_at_least}, {@code memory_ratio_at_least}) from those.
 */
final class LsslSuite implements Suite {
    @Override
    public String name() {
        return "lssl";
    }

    @Override
    public void run(BenchSettings settings, BenchOutput out) {
        int l = settings.lsslLength();
        for (int h : settings.lsslWidths()) {
            Outcome dense = layer(settings, out, "lssl", h, h, l);
            Outcome s4 = layer(settings, out, "s4", h, Math.max(1, h / 4), l);
            BenchOutput.Line ratio = BenchOutput.line("lssl").put("H", h).put("L", l).put("phase", "ratio");
            if (dense.timing() != null && s4.timing() != null) {
                ratio.put("speedup", dense.timing().medianS() / s4.timing().medianS())
                        .put("memory_ratio", dense.timing().peakMib() / Math.max(s4.timing().peakMib(), 1e-3));
            } else if (s4.timing() != null) {
                ratio.put("speedup_at_least", dense.secondsBeforeFailure() / s4.timing().medianS())
                        .put("memory_ratio_at_least", dense.liveMibAtFailure() / Math.max(s4.timing().peakMib(), 1e-3));
            }
            out.emit(ratio);
        }
    }

    /** A timing, or where the phase ran out of memory: how long it ran and the live heap then. */
    record Outcome(Timing timing, double secondsBeforeFailure, double liveMibAtFailure) {
    }

    private static Outcome layer(BenchSettings settings, BenchOutput out, String kind, int h, int n, int l) {
        out.progress("lssl " + kind + " H=" + h + " N=" + n + " L=" + l);
        KernelSpec spec = KernelSuite.spec(kind, n);
        Generator gen = new Generator(1);
        FftConv conv = new FftConv(spec.build(h, 1, gen), 1, false, FftConv.randomD(gen, 1, h, DType.FLOAT32));
        Tensor x = Tensor.randn(gen, DType.FLOAT32, 1, h, l);
        Tensor r = Tensor.randn(gen, DType.FLOAT32, 1, h, l);
        Outcome o = measure(settings, () -> {
            conv.zeroGrad();
            conv.forward(x).mul(r).sum().backward();
        });
        conv.zeroGrad();
        BenchOutput.Line line = BenchOutput.line("lssl").put("kernel", kind).put("H", h).put("N", n).put("B", 1).put("L", l)
                .put("phase", "fwd_bwd");
        if (o.timing() != null) {
            out.emit(line.timing(o.timing()));
        } else {
            out.emit(line.put("status", "out_of_memory").put("seconds_before_failure", o.secondsBeforeFailure())
                    .put("live_mib_at_failure", Math.round(o.liveMibAtFailure()))
                    .put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20));
        }
        return o;
    }

    /** Measures {@code phase}, or reports how long it ran and the live heap if it ran out of memory. */
    static Outcome measure(BenchSettings settings, Runnable phase) {
        long t0 = System.nanoTime();
        try {
            return new Outcome(Phases.measure(settings, phase), Double.NaN, Double.NaN);
        } catch (OutOfMemoryError e) {
            return new Outcome(null, (System.nanoTime() - t0) * 1e-9, HeapPeak.liveAfterLastCollection() / (1024.0 * 1024.0));
        }
    }
}

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
            Timing dense = layer(settings, out, "lssl", h, h, l);
            Timing s4 = layer(settings, out, "s4", h, Math.max(1, h / 4), l);
            out.emit(BenchOutput.line("lssl").put("H", h).put("L", l).put("phase", "ratio")
                    .put("speedup", dense.medianS() / s4.medianS())
                    .put("memory_ratio", dense.peakMib() / Math.max(s4.peakMib(), 1e-3)));
        }
    }

    private static Timing layer(BenchSettings settings, BenchOutput out, String kind, int h, int n, int l) {
        out.progress("lssl " + kind + " H=" + h + " N=" + n + " L=" + l);
        KernelSpec spec = KernelSuite.spec(kind, n);
        Generator gen = new Generator(1);
        FftConv conv = new FftConv(spec.build(h, 1, gen), 1, false, FftConv.randomD(gen, 1, h, DType.FLOAT32));
        Tensor x = Tensor.randn(gen, DType.FLOAT32, 1, h, l);
        Tensor r = Tensor.randn(gen, DType.FLOAT32, 1, h, l);
        Timing t = Phases.measure(settings, () -> {
            conv.zeroGrad();
            conv.forward(x).mul(r).sum().backward();
        });
        out.emit(BenchOutput.line("lssl").put("kernel", kind).put("H", h).put("N", n).put("B", 1).put("L", l).put("phase", "fwd_bwd")
                .timing(t));
        return t;
    }
}

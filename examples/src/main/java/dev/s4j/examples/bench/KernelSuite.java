package dev.s4j.examples.bench;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.ssm.kernel.DenseSpec;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.kernel.SsmKernel;

/**
 * Kernel generation K̄ (1, H, L) with N = 64, C = 1, float32, at the widths and lengths of the
 * settings' {@link KernelGrid} (H = 256 by default), for S4 (NPLR: Cauchy and
 * Woodbury at the roots of unity, then an inverse FFT), S4D (Vandermonde) and the dense LSSL
 * (Krylov by doubling). Phases: {@code fwd_nograd}, and {@code fwd_bwd} = the backward of
 * Σ K̄ ∘ R for a fixed random R with every parameter requiring a gradient. S4's C̃ is tied to L
 * once before measuring, as the first call of a training run does.
 */
final class KernelSuite implements Suite {
    static final int STATE = 64;

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public void run(BenchSettings settings, BenchOutput out) {
        KernelGrid grid = settings.kernels();
        for (String kind : grid.kinds()) {
            for (int width : grid.widths()) {
                for (int l : grid.lengths()) {
                    measure(settings, out, kind, width, l);
                }
            }
        }
    }

    private static void measure(BenchSettings settings, BenchOutput out, String kind, int width, int l) {
        SsmKernel k = spec(kind, STATE).build(width, 1, new Generator(1));
        Tensor r = Tensor.randn(new Generator(2), DType.FLOAT32, 1, width, l);
        Module m = (Module) k;
        try (var off = Grad.disabled()) {
            k.kernel(l);
        }
        out.progress("kernel " + kind + " H=" + width + " L=" + l);
        Timing fwd = Phases.measure(settings, () -> {
            try (var off = Grad.disabled()) {
                k.kernel(l);
            }
        });
        emit(out, kind, width, l, "fwd_nograd", fwd);
        Timing bwd = Phases.measure(settings, () -> {
            m.zeroGrad();
            k.kernel(l).mul(r).sum().backward();
        });
        emit(out, kind, width, l, "fwd_bwd", bwd);
    }

    private static void emit(BenchOutput out, String kind, int width, int l, String phase, Timing t) {
        out.emit(BenchOutput.line("kernel").put("kernel", kind).put("H", width).put("N", STATE).put("L", l).put("phase", phase)
                .timing(t));
    }

    /** The kernel spec of {@code kind} (s4, s4d, lssl) with state size {@code n}. */
    static KernelSpec spec(String kind, int n) {
        return switch (kind) {
            case "s4" -> NplrSpec.of(n);
            case "s4d" -> DiagonalSpec.of(n);
            case "lssl" -> DenseSpec.of(n);
            default -> throw new IllegalArgumentException("unknown kernel " + kind);
        };
    }
}

package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.OptimHints;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.ssm.discretize.DenseDiscretizer;
import dev.s4j.ssm.discretize.Timescale;
import dev.s4j.ssm.hippo.Hippo;

/**
 * The dense LSSL kernel (arXiv 2110.13985, §3–4): Ā and B̄ from a dense A
 * ({@link DenseDiscretizer}), then the Krylov sequence {@code B̄, ĀB̄, Ā²B̄, …} by doubling —
 * {@code X ← [X, Ā^{2^j} X]}, {@code Ā^{2^j} ← (Ā^{2^j})²} — so every step is a batched matrix
 * product, and {@code K̄ = C·X}. Time O(N²L + N³ log L) and memory O(N·L) per channel: the
 * baseline that S4 improves on. Parameters: {@code A (N, N)} (a buffer if not trained),
 * {@code B (N)}, {@code C (C, H, N)}, {@code log_dt (H)}.
 */
public final class DenseKernel extends KernelModule {
    private final DenseSpec spec;
    private final Tensor a;
    private final Parameter b;
    private final Parameter c;
    private final Parameter logDt;

    DenseKernel(DenseSpec spec, int width, int channels, Generator gen) {
        super("DenseKernel", width, channels);
        this.spec = spec;
        int n = spec.stateSize();
        Hippo.Matrices m = Hippo.of(spec.measure(), n);
        OptimHints ssm = new OptimHints(spec.ssmLearningRate(), 0.0);
        Tensor aInit = Tensor.of(java.util.Arrays.stream(m.a()).flatMapToDouble(java.util.Arrays::stream).toArray(), n, n)
                .to(spec.dtype());
        this.a = spec.trainA() ? parameter("A", aInit).optimHints(ssm) : buffer("A", aInit);
        this.b = parameter("B", Tensor.of(m.b(), n).to(spec.dtype())).optimHints(ssm);
        this.c = parameter("C", Tensor.randn(gen, spec.dtype(), channels, width, n));
        this.logDt = logDtParameter(gen, spec.dtMin(), spec.dtMax(), spec.dtype(), ssm);
    }

    DenseDiscretizer.Discrete discrete(double rate) {
        return DenseDiscretizer.discretize(a, b, Timescale.dt(logDt, rate), spec.discretization());
    }

    @Override
    Tensor kernelOfLength(int length, double rate) {
        DenseDiscretizer.Discrete d = discrete(rate);
        Tensor x = d.bBar().unsqueeze(-1);                   // (H, N, 1): B̄
        Tensor power = d.aBar();                             // Ā^{2^j}
        while (x.size(-1) < length) {
            x = Tensor.cat(-1, x, power.matmul(x));          // (H, N, 2^{j+1})
            if (x.size(-1) < length) {
                power = power.matmul(power);
            }
        }
        x = x.slice(-1, 0, length);                          // (H, N, L)
        return c.unsqueeze(-2).matmul(x).squeeze(-2);        // (C, H, 1, N)·(H, N, L) → (C, H, L)
    }

    @Override
    public Recurrence recurrence(double rate) {
        try (var off = Grad.disabled()) {
            DenseDiscretizer.Discrete d = discrete(rate);
            return new DenseRecurrence(d.aBar(), d.bBar(), c.detach());
        }
    }
}

package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Module;
import dev.s4j.ssm.kernel.DenseSpec;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.kernel.SsmKernel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kernel generation K̄ (C = 1, H = 256, N = 64, float32) for S4 (NPLR, Cauchy), S4D (Vandermonde)
 * and the dense LSSL (Krylov): forward without recording, and forward plus the backward of
 * Σ K̄ ∘ R for a fixed random R with every parameter requiring a gradient. The dense kernel needs
 * O(H·N·L) memory (about 1 GiB of Krylov vectors at L = 16384), hence the larger heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx12g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KernelBenchmark {
    @Param({"s4", "s4d", "lssl"})
    String kernel;

    @Param({"1024", "4096", "16384"})
    int l;

    private SsmKernel k;
    private Tensor weights;

    @Setup
    public void setup() {
        KernelSpec spec = switch (kernel) {
            case "s4" -> NplrSpec.of(64);
            case "s4d" -> DiagonalSpec.of(64);
            case "lssl" -> DenseSpec.of(64);
            default -> throw new IllegalArgumentException("unknown kernel " + kernel);
        };
        k = spec.build(256, 1, new Generator(1));
        weights = Tensor.randn(new Generator(2), DType.FLOAT32, 1, 256, l);
        k.kernel(l);   // ties S4's C̃ to L once, outside the measurement
    }

    @Benchmark
    public Tensor forward() {
        try (var off = dev.s4j.autograd.Grad.disabled()) {
            return k.kernel(l);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        ((Module) k).zeroGrad();
        k.kernel(l).mul(weights).sum().backward();
        return ((Module) k).parameters().get(0).grad();
    }
}

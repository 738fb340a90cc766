package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.FftConvolution;
import dev.s4j.ssm.kernel.NplrSpec;
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
 * The convolution of the S4 layer ({@code FftConv}) without kernel generation: the fused FFT
 * convolution op {@link FftConvolution#apply} of an input u (B, H, L) = (8, 128, L) with a
 * precomputed S4 kernel K̄ (C, H, L) = (1, 128, L), causal, transform length n = 2L, float32 in
 * and out (float64 inside). Forward gives (8, 1, 128, L); forward+backward also computes the
 * gradients of u and K̄ for a fixed random upstream gradient, as in training. Compare
 * {@link FftBenchmark#causalConvolution}, the same convolution from unfused ops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class FftConvBenchmark {
    @Param({"1024", "4096"})
    int l;

    private Tensor u;
    private Tensor kernel;
    private Tensor upstream;

    @Setup
    public void setup() {
        Generator gen = new Generator(11);
        int b = 8;
        int h = 128;
        try (var off = Grad.disabled()) {
            kernel = NplrSpec.of(64).build(h, 1, gen).kernel(l).detach().requiresGrad(true);   // (1, H, L)
        }
        u = Tensor.randn(gen, DType.FLOAT32, b, h, l).requiresGrad(true);
        upstream = Tensor.randn(gen, DType.FLOAT32, b, 1, h, l);
    }

    @Benchmark
    public Tensor forward() {
        return FftConvolution.apply(u.detach(), kernel.detach(), 2 * l);
    }

    @Benchmark
    public Tensor forwardBackward() {
        u.zeroGrad();
        kernel.zeroGrad();
        FftConvolution.apply(u, kernel, 2 * l).backward(upstream);
        return kernel.grad();
    }
}

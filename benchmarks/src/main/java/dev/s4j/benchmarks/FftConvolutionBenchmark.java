package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.FftConvolution;
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
 * The fused causal FFT convolution of an S4 layer, float32: input u (B, H, L), one kernel channel
 * k (1, H, L), transform length n the power of two at least 2L. Forward without recording, and
 * forward plus the backward of a fixed random output gradient into both u and k. The thread
 * count is the shared pool's (the property {@code s4j.threads}, default all processors).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class FftConvolutionBenchmark {
    /** B×H×L. */
    @Param({"32x64x784", "8x128x4096"})
    String shape;

    private Tensor u;
    private Tensor k;
    private Tensor g;
    private int n;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        int b = Integer.parseInt(s[0]);
        int h = Integer.parseInt(s[1]);
        int l = Integer.parseInt(s[2]);
        n = Integer.highestOneBit(2 * l - 1) * 2;
        Generator gen = new Generator(3);
        u = Tensor.randn(gen, DType.FLOAT32, b, h, l).requiresGrad(true);
        k = Tensor.randn(gen, DType.FLOAT32, 1, h, l).requiresGrad(true);
        g = Tensor.randn(gen, DType.FLOAT32, b, 1, h, l);
    }

    @Benchmark
    public Tensor forward() {
        try (var off = Grad.disabled()) {
            return FftConvolution.apply(u, k, n);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        u.zeroGrad();
        k.zeroGrad();
        FftConvolution.apply(u, k, n).backward(g);
        return k.grad();
    }
}

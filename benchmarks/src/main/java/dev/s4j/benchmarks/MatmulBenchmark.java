package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
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
 * The position-wise linear layer of an S4 block on channel-first activations: the weight
 * {@code W (2H, H)} times each batch entry {@code X_b (H, L)}, float32, B = 8. Forward is
 * 2·B·2H·H·L flops (1.07 GFLOP at H = 128, L = 4096); forward+backward adds the two gradient
 * products for a fixed upstream gradient (three times the flops in all).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatmulBenchmark {
    @Param({"128", "256"})
    int h;

    @Param({"1024", "4096"})
    int l;

    private Tensor weight;
    private Tensor x;
    private Tensor upstream;

    @Setup
    public void setup() {
        Generator gen = new Generator(42);
        weight = Tensor.randn(gen, DType.FLOAT32, 2 * h, h).requiresGrad(true);
        x = Tensor.randn(gen, DType.FLOAT32, 8, h, l).requiresGrad(true);
        upstream = Tensor.randn(gen, DType.FLOAT32, 8, 2 * h, l);
    }

    @Benchmark
    public Tensor linearForward() {
        return weight.detach().matmul(x.detach());
    }

    @Benchmark
    public Tensor linearForwardBackward() {
        weight.zeroGrad();
        x.zeroGrad();
        weight.matmul(x).backward(upstream);
        return weight.grad();
    }
}

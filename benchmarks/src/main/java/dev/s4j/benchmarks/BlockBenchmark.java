package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.layer.S4Block;
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
 * One default S4 block ({@code BlockSpec.of(NplrSpec.of(64))}: S4 kernel with N = 64 generated at
 * the input's length, FFT convolution plus D u, GELU, linear map H → 2H and GLU) on channel-first
 * activations u (B, H, L) = (8, 128, L) → (8, 128, L), float32.
 *
 * <p>{@link #trainStep} is a training step without the optimizer: zero the gradients, forward,
 * and backward of {@code mean(y ∘ R)} for a fixed random R (8, 128, L), into every parameter and
 * into u (which requires a gradient, as the input of any block above the encoder does).
 * {@link #forward} is the forward pass with recording off (inference).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class BlockBenchmark {
    @Param({"1024", "4096"})
    int l;

    private S4Block block;
    private Tensor u;
    private Tensor r;

    @Setup
    public void setup() {
        Generator gen = new Generator(5);
        int h = 128;
        block = new S4Block(h, BlockSpec.of(NplrSpec.of(64)), gen);
        u = Tensor.randn(gen, DType.FLOAT32, 8, h, l).requiresGrad(true);
        r = Tensor.randn(gen, DType.FLOAT32, 8, h, l);
        try (var off = Grad.disabled()) {
            block.forward(u.detach());   // ties S4's C̃ to L once, outside the measurement
        }
    }

    @Benchmark
    public Tensor trainStep() {
        block.zeroGrad();
        u.zeroGrad();
        block.forward(u).mul(r).mean().backward();
        return block.conv().d().grad();
    }

    @Benchmark
    public Tensor forward() {
        try (var off = Grad.disabled()) {
            return block.forward(u.detach());
        }
    }
}

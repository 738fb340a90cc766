package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.layer.BlockStepper;
import dev.s4j.ssm.layer.S4Block;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recurrent generation through one default S4 block (S4 §3.3): the time of one
 * {@link BlockStepper#step} u_t (batch, H) → (batch, H) at H = 128, N = 64, float32 tensors
 * (the recurrence runs in float64), for an S4 kernel (NPLR, bilinear) and an S4D kernel
 * (diagonal, ZOH), batch 1 and 16. Each step advances the SSM state and applies D, GELU, the
 * linear map to 2H and GLU. The stepper (the discretized recurrence) is built in setup; the same
 * fixed random input is fed at every step, and the state is zeroed before each iteration so
 * every iteration starts from the same sequence position (the recurrences are stable, so the
 * state stays bounded either way). The step's loops run once per invocation, so the JIT needs a
 * few seconds of warmup before the numbers settle; measurements after a 1 s warmup are far too
 * high.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecurrentStepBenchmark {
    @Param({"s4", "s4d"})
    String kernel;

    @Param({"1", "16"})
    int batch;

    private BlockStepper stepper;
    private Tensor input;

    @Setup
    public void setup() {
        KernelSpec spec = switch (kernel) {
            case "s4" -> NplrSpec.of(64);
            case "s4d" -> DiagonalSpec.of(64);
            default -> throw new IllegalArgumentException("unknown kernel " + kernel);
        };
        Generator gen = new Generator(9);
        S4Block block = new S4Block(128, BlockSpec.of(spec), gen);
        block.eval();
        stepper = block.stepper(batch);
        input = Tensor.randn(gen, DType.FLOAT32, batch, 128);
    }

    @Setup(Level.Iteration)
    public void resetState() {
        stepper.reset();
    }

    @Benchmark
    public Tensor step() {
        return stepper.step(input);
    }
}

package dev.s4j.benchmarks;

import dev.s4j.autograd.Generator;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import dev.s4j.ssm.model.StepPlan;
import dev.s4j.ssm.model.StepState;
import java.util.Random;
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
 * One position of a whole network in step mode (S4 §3.3), as a server runs it: {@link StepPlan#step}
 * of a 4-layer backbone (H = 128, N = 64, float32 weights, pre-norm LayerNorm, GELU, GLU, no
 * pooling) for B sequences at once, with preallocated state and work space (nothing is allocated
 * per step). The state is zeroed before each iteration; a fixed random input is fed at every step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class ServeStepBenchmark {
    @Param({"s4", "s4d"})
    String kernel;

    @Param({"1", "4"})
    int layers;

    @Param({"1", "16"})
    int batch;

    private StepPlan plan;
    private StepState state;
    private double[] input;
    private double[] output;

    @Setup
    public void setup() {
        KernelSpec spec = switch (kernel) {
            case "s4" -> NplrSpec.of(64);
            case "s4d" -> DiagonalSpec.of(64);
            default -> throw new IllegalArgumentException("unknown kernel " + kernel);
        };
        BackboneSpec model = BackboneSpec.of(1, 10).withWidth(128).withLayers(layers).withBlock(BlockSpec.of(spec))
                .withPooling(Pooling.NONE);
        plan = StepPlan.of(new Backbone(model, new Generator(9)));
        state = plan.newState(batch);
        input = new Random(1).doubles(batch).toArray();
        output = new double[batch * 10];
    }

    @Setup(Level.Iteration)
    public void resetState() {
        state.reset();
    }

    @Benchmark
    public double[] step() {
        plan.step(input, state, output);
        return output;
    }
}

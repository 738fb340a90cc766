package dev.s4j.benchmarks;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Parameter;
import dev.s4j.optim.Adam;
import dev.s4j.optim.ParamGroups;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One AdamW step over every parameter of a 4-layer S4 backbone (input 1, width H = 128, default
 * S4 blocks with N = 64, LayerNorm, output 10): float32 and complex64 parameters, 266,762 real
 * numbers in all (a complex one counting twice). Groups as in training
 * ({@code ParamGroups.fromHints}): Λ, P, B and log Δ at lr 0.001 without weight decay, the rest
 * at lr 0.01 with weight decay 0.01. The gradients are filled once in setup with fixed random
 * values and left in place, so every measured step reads the same gradients; the moment buffers
 * are allocated by the first (warmup) step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class OptimizerBenchmark {
    private Backbone model;
    private Adam optimizer;

    @Setup
    public void setup() {
        Generator gen = new Generator(13);
        model = new Backbone(BackboneSpec.of(1, 10).withWidth(128).withLayers(4).withBlock(BlockSpec.of(NplrSpec.of(64))), gen);
        optimizer = Adam.adamW(ParamGroups.fromHints(model, 0.01, 0.01));
        for (Parameter p : model.parameters()) {
            p.backward(Tensor.randn(gen, p.dtype(), p.shape()));   // a leaf's backward stores the gradient as given
        }
    }

    @Benchmark
    public Adam adamWStep() {
        optimizer.step();
        return optimizer;
    }
}

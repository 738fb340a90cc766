package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Cauchy;
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
 * The Cauchy stage of the S4 kernel at H = 256 channels, N = 64 (32 stored conjugate pairs),
 * four numerators (the rank-1 Woodbury products), evaluated at the L/2 + 1 points of a length-L
 * real FFT; complex64. Forward+backward computes the gradients of v and w for a fixed upstream
 * gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class CauchyBenchmark {
    @Param({"1024", "4096", "16384"})
    int l;

    private Tensor v;
    private Tensor w;
    private Tensor z;
    private Tensor grad;

    @Setup
    public void setup() {
        Generator gen = new Generator(3);
        int h = 256;
        int pairs = 32;
        int points = l / 2 + 1;
        v = Tensor.randn(gen, DType.COMPLEX64, 4, h, pairs).requiresGrad(true);
        w = Tensor.randn(gen, DType.COMPLEX64, h, pairs).sub(1).requiresGrad(true);
        double[] re = new double[points];
        double[] im = new double[points];
        for (int k = 0; k < points; k++) {
            // points on the imaginary axis spread like 2(1 − ω)/(1 + ω) = −2i·tan(πk/L), all finite
            im[k] = -2 * Math.tan(Math.PI * k / (l + 2));
        }
        z = Tensor.complex(re, im).to(DType.COMPLEX64);
        grad = Tensor.randn(gen, DType.COMPLEX64, 4, h, points);
    }

    @Benchmark
    public Tensor forward() {
        return Cauchy.apply(v.detach(), z, w.detach(), true);
    }

    @Benchmark
    public Tensor forwardBackward() {
        v.zeroGrad();
        w.zeroGrad();
        Cauchy.apply(v, z, w, true).backward(grad);
        return w.grad();
    }
}

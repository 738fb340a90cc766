package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Fft;
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
 * FFTs over rows as the S4 convolution uses them: {@code rows = B·H = 8·128} signals of length
 * L, zero-padded to 2L, float32 in and out (JTransforms in double inside).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class FftBenchmark {
    @Param({"1024", "4096"})
    int l;

    private Tensor signal;
    private Tensor spectrum;
    private Tensor kernelSpectrum;

    @Setup
    public void setup() {
        Generator gen = new Generator(7);
        signal = Tensor.randn(gen, DType.FLOAT32, 8, 128, l);
        spectrum = Fft.rfft(signal, 2 * l);
        kernelSpectrum = Fft.rfft(Tensor.randn(gen, DType.FLOAT32, 128, l), 2 * l);
    }

    /** (8, 128, L) real → (8, 128, L + 1) complex. */
    @Benchmark
    public Tensor rfftRows() {
        return Fft.rfft(signal, 2 * l);
    }

    /** (8, 128, L + 1) complex → (8, 128, 2L) real. */
    @Benchmark
    public Tensor irfftRows() {
        return Fft.irfft(spectrum, 2 * l);
    }

    /** The whole causal convolution: rfft, product with the kernel's spectrum, irfft, crop to L. */
    @Benchmark
    public Tensor causalConvolution() {
        return Fft.irfft(Fft.rfft(signal, 2 * l).mul(kernelSpectrum), 2 * l).slice(-1, 0, l);
    }
}

package dev.s4j.benchmarks;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.CauchyJob;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.accel.FftJob;
import dev.s4j.autograd.accel.VandermondeJob;
import java.util.Random;
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
 * The jobs of the {@link Accelerator} interface on one backend, at the sizes of an S4 layer with
 * H = 256, N = 64 and L = 4096: the Cauchy sums (four numerators, 2,049 points; complex64 and
 * complex128), the Vandermonde product of S4D, 256 real FFTs of length 8192, and the FFT
 * convolution of a batch of 8 at H = 128 (forward and backward). {@code backend=opencl} sends
 * every job to the OpenCL device whatever its size (the thresholds set to 0), which is how the
 * thresholds were chosen: a job kind whose OpenCL time is above the CPU's at these sizes stays
 * on the CPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Ds4j.opencl.min.cauchy=0",
    "-Ds4j.opencl.min.vandermonde=0", "-Ds4j.opencl.min.fft=0", "-Ds4j.opencl.min.convolution=0"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AcceleratorBenchmark {
    @Param({"cpu", "opencl"})
    String backend;

    private Accelerator accelerator;
    private CauchyJob cauchy64;
    private CauchyJob cauchy128;
    private Storage cauchyOut64;
    private Storage cauchyOut128;
    private Storage cauchyGrad64;
    private Storage[] cauchyGrads64;
    private VandermondeJob vandermonde;
    private Storage vandermondeOut;
    private FftJob fft;
    private ConvolutionJob convolution;
    private Storage u;
    private Storage y;
    private Storage g;
    private Storage gu;
    private Storage gk;

    @Setup
    public void setup() {
        accelerator = backend.equals("cpu") ? CpuAccelerator.INSTANCE : Accelerators.select(backend);
        if (!accelerator.name().equals(backend)) {
            throw new IllegalStateException("backend " + backend + " is not usable: " + Accelerators.report());
        }
        Random random = new Random(5);
        int m = 4;
        int r = 256;
        int n = 32;
        int points = 2049;
        cauchy64 = cauchy(random, DType.COMPLEX64, m, r, n, points);
        cauchy128 = cauchy(random, DType.COMPLEX128, m, r, n, points);
        cauchyOut64 = Storage.allocate(DType.COMPLEX64, m * r * points);
        cauchyOut128 = Storage.allocate(DType.COMPLEX128, m * r * points);
        cauchyGrad64 = random(random, DType.COMPLEX64, m * r * points);
        cauchyGrads64 = new Storage[] {Storage.allocate(DType.COMPLEX64, m * r * n), Storage.allocate(DType.COMPLEX64, r * n)};
        Storage bases = Storage.allocate(DType.COMPLEX128, r * n);
        for (int i = 0; i < r * n; i++) {
            double radius = Math.exp(-0.01 * random.nextDouble());
            double angle = Math.PI * random.nextDouble();
            bases.setRe(i, radius * Math.cos(angle));
            bases.setIm(i, radius * Math.sin(angle));
        }
        vandermonde = new VandermondeJob(1, r, n, 4096, random(random, DType.COMPLEX64, r * n), bases);
        vandermondeOut = Storage.allocate(DType.FLOAT32, r * 4096);
        fft = new FftJob(FftJob.Kind.R2C, 256, 4096, 8192, random(random, DType.FLOAT32, 256 * 4096),
                Storage.allocate(DType.COMPLEX64, 256 * 4097));
        int b = 8;
        int h = 128;
        int l = 4096;
        convolution = new ConvolutionJob(b, 1, h, l, l, 2 * l, random(random, DType.FLOAT32, h * l));
        u = random(random, DType.FLOAT32, b * h * l);
        y = Storage.allocate(DType.FLOAT32, b * h * l);
        g = random(random, DType.FLOAT32, b * h * l);
        gu = Storage.allocate(DType.FLOAT32, b * h * l);
        gk = Storage.allocate(DType.FLOAT32, h * l);
    }

    private static CauchyJob cauchy(Random random, DType dtype, int m, int r, int n, int points) {
        Storage w = random(random, dtype, r * n);
        for (int i = 0; i < r * n; i++) {
            w.setRe(i, -0.5 - Math.abs(w.re(i)));
        }
        Storage z = Storage.allocate(dtype, points);
        for (int k = 0; k < points; k++) {
            z.setIm(k, 2 * Math.tan(Math.PI * k / (2.0 * points)));
        }
        return new CauchyJob(m, r, n, points, 1, true, random(random, dtype, m * r * n), w, z);
    }

    private static Storage random(Random random, DType dtype, int length) {
        Storage s = Storage.allocate(dtype, length);
        for (int i = 0; i < length; i++) {
            s.setRe(i, random.nextGaussian());
            if (dtype.isComplex()) {
                s.setIm(i, random.nextGaussian());
            }
        }
        return s;
    }

    private static void ran(boolean taken) {
        if (!taken) {
            throw new IllegalStateException("the backend declined the job");
        }
    }

    @Benchmark
    public Storage cauchyComplex64() {
        ran(accelerator.cauchy(cauchy64, cauchyOut64));
        return cauchyOut64;
    }

    @Benchmark
    public Storage cauchyComplex64Backward() {
        ran(accelerator.cauchyBackward(cauchy64, cauchyGrad64, cauchyGrads64[0], cauchyGrads64[1], null));
        return cauchyGrads64[1];
    }

    @Benchmark
    public Storage cauchyComplex128() {
        ran(accelerator.cauchy(cauchy128, cauchyOut128));
        return cauchyOut128;
    }

    @Benchmark
    public Storage vandermonde() {
        ran(accelerator.vandermonde(vandermonde, vandermondeOut));
        return vandermondeOut;
    }

    @Benchmark
    public Storage realFft() {
        ran(accelerator.fft(fft));
        return fft.output();
    }

    @Benchmark
    public Storage convolutionForwardBackward() {
        ConvolutionPlan plan = accelerator.convolution(convolution);
        if (plan == null) {
            throw new IllegalStateException("the backend declined the job");
        }
        plan.forward(u, y);
        plan.backward(u, g, gu, gk);
        return gk;
    }
}

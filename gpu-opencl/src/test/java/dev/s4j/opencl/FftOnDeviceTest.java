package dev.s4j.opencl;

import static dev.s4j.opencl.TestDevice.assertClose;
import static dev.s4j.opencl.TestDevice.random;
import static dev.s4j.opencl.TestDevice.tolerance;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.accel.FftJob;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Batched FFTs on the device (Stockham for powers of two, Bluestein otherwise) against the CPU backend. */
class FftOnDeviceTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (FftJob.Kind kind : FftJob.Kind.values()) {
                for (int n : new int[] {1, 2, 3, 255, 784, 1024, 16384}) {
                    int rows = n > 4096 ? 2 : 3;
                    b.add(Arguments.of(dtype, kind, rows, n, inputLength(kind, n)));
                }
                b.add(Arguments.of(dtype, kind, 2, 64, 40));     // zero padding (C2R: missing frequencies)
                b.add(Arguments.of(dtype, kind, 2, 12, 50));     // truncation
            }
        }
        return b.build();
    }

    private static int inputLength(FftJob.Kind kind, int n) {
        return kind == FftJob.Kind.C2R ? n / 2 + 1 : n;
    }

    @ParameterizedTest(name = "{0} {1} rows={2} n={3} in={4}")
    @MethodSource("cases")
    void transformsMatchTheCpu(DType dtype, FftJob.Kind kind, int rows, int n, int in) {
        OpenClAccelerator acc = TestDevice.require();
        assumeTrue(!dtype.isDoublePrecision() || TestDevice.fp64(), "no cl_khr_fp64");
        Random random = new Random(n * 7L + in);
        DType inType = kind == FftJob.Kind.R2C ? dtype : dtype.toComplex();
        DType outType = kind == FftJob.Kind.C2R ? dtype : dtype.toComplex();
        Storage x = random(random, inType, rows * in, 0);
        int out = rows * new FftJob(kind, rows, in, n, x, null).outLength();
        Storage cpu = Storage.allocate(outType, out);
        Storage dev = Storage.allocate(outType, out);
        CpuAccelerator.INSTANCE.fft(new FftJob(kind, rows, in, n, x, cpu));
        assertTrue(acc.fft(new FftJob(kind, rows, in, n, x, dev)), "the device declined the job");
        assertClose(kind + " n=" + n, cpu, dev, tolerance(dtype));
    }
}

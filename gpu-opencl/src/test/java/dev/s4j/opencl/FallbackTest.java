package dev.s4j.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.CauchyJob;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.accel.FftJob;
import dev.s4j.autograd.ops.Cauchy;
import dev.s4j.autograd.ops.FftConvolution;
import dev.s4j.autograd.ops.Vandermonde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad setups give a clear reason and correct results: no platform, a device that fails mid-run, no float64, a wrong device name. */
class FallbackTest {

    @AfterEach
    void restore() {
        System.clearProperty("s4j.opencl.fp64");
        System.clearProperty("s4j.opencl.device");
        System.clearProperty("s4j.opencl.maxBufferMiB");
        OpenClRuntime.close();
        Accelerators.use(CpuAccelerator.INSTANCE);
    }

    /** Runs {@link NoDeviceMain} in a child JVM with {@code env} changed (a null value removes the variable). */
    private static String child(java.util.Map<String, String> env, String... properties) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Ds4j.opencl.min.cauchy=0"));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NoDeviceMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("active: cpu"), out);
        assertTrue(out.contains("results: same"), out);
        return out;
    }

    @Test
    void withoutAPlatformTheCpuRunsEverything(@TempDir Path emptyVendors) throws IOException, InterruptedException {
        String out = child(java.util.Map.of("OCL_ICD_VENDORS", emptyVendors.toString()));   // ocl-icd then finds no driver
        assertTrue(out.contains("opencl: not usable: no OpenCL platform (CL_PLATFORM_NOT_FOUND_KHR, -1001)")
                || out.contains("opencl: not usable: the OpenCL library could not be loaded"), out);
    }

    @Test
    void withoutSignalChainingOpenClIsNotLoaded() throws IOException, InterruptedException {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("LD_PRELOAD", null);
        String out = child(env);
        assertTrue(out.contains("opencl: not usable: the JVM runs without signal chaining"), out);
        assertTrue(out.contains("LD_PRELOAD=" + Path.of(System.getProperty("java.home"), "lib", "libjsig.so")), out);
    }

    @Test
    void aProbeThatDoesNotFinishInTimeIsGivenUp() throws IOException, InterruptedException {
        String out = child(java.util.Map.of(), "-Ds4j.opencl.probe.seconds=0");
        assertTrue(out.contains("opencl: not usable: the OpenCL probe did not finish within 0 s (s4j.opencl.probe.seconds)"), out);
    }

    @Test
    void jobsLargerThanTheBufferLimitRunOnTheCpu() {
        TestDevice.require();
        OpenClRuntime.close();
        System.setProperty("s4j.opencl.maxBufferMiB", "1");
        OpenClAccelerator acc = new OpenClAccelerator();
        assertEquals(null, acc.probe());
        assertEquals(1L << 20, OpenClRuntime.current().device().largestBuffer());
        int l = 1 << 19;                                       // 2 MiB planes of float32: too large
        Storage x = Storage.allocate(DType.FLOAT32, l);
        assertFalse(acc.fft(new FftJob(FftJob.Kind.R2C, 1, l, l, x, Storage.allocate(DType.COMPLEX64, l / 2 + 1))),
                "declined: a buffer would pass the limit");
        Tensor u = Tensor.randn(new Generator(8), DType.FLOAT32, 1, 1, 40_000);
        Tensor k = Tensor.randn(new Generator(9), DType.FLOAT32, 1, 1, 40_000);
        double[] cpu = FftConvolution.apply(u, k, 1 << 19).toDoubleArray();
        assertTrue(Accelerators.use(acc));
        assertArrayEquals(cpu, FftConvolution.apply(u, k, 1 << 19).toDoubleArray(), 0, "declined (2 MiB spectra), so computed by the CPU");
        assertSame(acc, Accelerators.active(), "declining is not failing");
        System.setProperty("s4j.opencl.maxBufferMiB", "lots");
        OpenClRuntime.close();
        assertEquals("s4j.opencl.maxBufferMiB=lots is not a whole number of MiB >= 1", new OpenClAccelerator().probe());
    }

    @Test
    void aDeviceThatFailsMidRunHandsOverToTheCpuWithOneWarning() {
        OpenClAccelerator acc = TestDevice.require();
        Tensor v = Tensor.randn(new Generator(1), DType.COMPLEX64, 4, 3, 16);
        Tensor w = Tensor.randn(new Generator(2), DType.COMPLEX64, 3, 16).sub(2);
        Tensor z = Tensor.randn(new Generator(3), DType.COMPLEX64, 50);
        Tensor u = Tensor.randn(new Generator(4), DType.FLOAT32, 2, 3, 40);
        Tensor k = Tensor.randn(new Generator(5), DType.FLOAT32, 1, 3, 40).requiresGrad(true);
        double[] cauchyCpu = Cauchy.apply(v, z, w, true).toDoubleArray();
        Tensor convCpu = FftConvolution.apply(u, k, 128);
        convCpu.sum().backward();
        double[] gradCpu = k.grad().toDoubleArray();
        k.zeroGrad();

        List<LogRecord> warnings = new ArrayList<>();
        Logger log = Logger.getLogger(Accelerators.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            assertTrue(Accelerators.use(acc));
            long ran = acc.jobsRun();
            assertArrayEquals(cauchyCpu, Cauchy.apply(v, z, w, true).toDoubleArray(), 1e-4);
            Tensor conv = FftConvolution.apply(u, k, 128);   // planned on the device
            assertTrue(acc.jobsRun() > ran, "the jobs ran on the device");

            acc.close();   // the device goes away between the forward and the backward pass
            conv.sum().backward();
            assertArrayEquals(gradCpu, k.grad().toDoubleArray(), 0, "the backward pass ran on the CPU");
            assertArrayEquals(cauchyCpu, Cauchy.apply(v, z, w, true).toDoubleArray(), 0);
            assertArrayEquals(cauchyCpu, Cauchy.apply(v, z, w, true).toDoubleArray(), 0);
            assertSame(CpuAccelerator.INSTANCE, Accelerators.active());
            assertEquals(1, warnings.size(), "one warning, however many jobs follow");
            assertTrue(warnings.get(0).getMessage().contains("opencl: failed during a convolution"), warnings.get(0).getMessage());
            assertTrue(String.join("\n", Accelerators.report()).contains("the CPU runs every job from now on"));
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void withoutFloat64TheDoubleJobsAndTheVandermondeProductRunOnTheCpu() {
        TestDevice.require();
        OpenClRuntime.close();
        System.setProperty("s4j.opencl.fp64", "false");
        OpenClAccelerator acc = new OpenClAccelerator();
        assertEquals(null, acc.probe());
        assertFalse(OpenClRuntime.current().device().supports(dev.s4j.opencl.Precision.DOUBLE));
        assertTrue(String.join("\n", acc.describe()).contains("float64 jobs and the Vandermonde product run on the CPU"));
        Storage v = Storage.allocate(DType.COMPLEX128, 4);
        Storage w = Storage.allocate(DType.COMPLEX128, 4);
        Storage z = Storage.allocate(DType.COMPLEX128, 3);
        assertFalse(acc.cauchy(new CauchyJob(1, 1, 4, 3, 1, true, v, w, z), Storage.allocate(DType.COMPLEX128, 3)));
        Storage v32 = v.convert(DType.COMPLEX64);
        assertTrue(acc.cauchy(new CauchyJob(1, 1, 4, 3, 1, true, v32, w.convert(DType.COMPLEX64), z.convert(DType.COMPLEX64)),
                Storage.allocate(DType.COMPLEX64, 3)));

        Tensor c = Tensor.randn(new Generator(6), DType.COMPLEX64, 2, 4);
        Tensor bases = Tensor.randn(new Generator(7), DType.COMPLEX64, 2, 4).mul(0.3);
        double[] cpu = Vandermonde.apply(c, bases, 30).toDoubleArray();
        assertTrue(Accelerators.use(acc));
        assertArrayEquals(cpu, Vandermonde.apply(c, bases, 30).toDoubleArray(), 0, "declined, so computed by the CPU");
        assertSame(acc, Accelerators.active());
    }

    @Test
    void aDeviceNameThatMatchesNothingIsNamedInTheReason() {
        assumeTrue(TestDevice.require() != null);
        OpenClRuntime.close();
        System.setProperty("s4j.opencl.device", "no-such-device");
        String reason = new OpenClAccelerator().probe();
        assertNotNull(reason);
        assertTrue(reason.contains("s4j.opencl.device=no-such-device matches no device; there are: 0 '"), reason);
    }

    @Test
    void aProgramThatDoesNotBuildIsReportedWithTheCompilersFirstLines() throws Exception {
        TestDevice.require();
        DeviceInfo info = OpenClRuntime.current().device().info;
        ClDevice.BuildFailure e = org.junit.jupiter.api.Assertions.assertThrows(ClDevice.BuildFailure.class,
                () -> ClDevice.open(info, 0, "__kernel void broken(__global float* x) { x[0] = undeclared; }"));
        assertTrue(e.getMessage().startsWith("the float32 program does not build on " + info.name() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("undeclared"), e.getMessage());
    }
}

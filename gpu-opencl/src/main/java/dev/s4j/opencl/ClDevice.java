package dev.s4j.opencl;

import static org.jocl.CL.CL_BUILD_PROGRAM_FAILURE;
import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseProgram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;

/**
 * One OpenCL device in use: its context and in-order command queue, the programs (built once
 * per precision), their kernels, the buffer pool and the cached tables (FFT twiddles, chirps).
 * Jobs run one at a time, each inside a {@link ClJob} that holds the device's lock.
 */
final class ClDevice implements AutoCloseable {
    private static final String[] SOURCES = {"common.cl", "cauchy.cl", "vandermonde.cl", "fft.cl", "convolution.cl"};
    /** Most tables kept on the device; the least recently used one is freed beyond this. */
    private static final int TABLES = 32;

    final DeviceInfo info;
    /** Whether float64 programs are built: the device has cl_khr_fp64 and {@code s4j.opencl.fp64} is not false. */
    final boolean fp64;
    final ReentrantLock lock = new ReentrantLock();
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<Precision, cl_program> programs = new EnumMap<>(Precision.class);
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final BufferPool pool;
    private final LinkedHashMap<String, Planes> tables = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /** Thrown when a program does not build, with the first lines of the build log. */
    static final class BuildFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BuildFailure(String message) {
            super(message);
        }
    }

    private ClDevice(DeviceInfo info, cl_context context, cl_command_queue queue, long largestBuffer, long maxIdleBytes) {
        this.info = info;
        this.fp64 = info.fp64() && !"false".equalsIgnoreCase(System.getProperty("s4j.opencl.fp64", "").trim());
        this.context = context;
        this.queue = queue;
        this.pool = new BufferPool(context, largestBuffer, maxIdleBytes);
    }

    /**
     * The largest buffer s4j allocates: the device's limit, or less with the system property
     * {@code s4j.opencl.maxBufferMiB} (jobs that need more run on the CPU).
     *
     * @throws IllegalArgumentException naming the property when its value is not a positive whole number
     */
    private static long largestBuffer(DeviceInfo info) {
        String v = System.getProperty("s4j.opencl.maxBufferMiB", "").trim();
        if (v.isEmpty()) {
            return info.maxAllocation();
        }
        try {
            long mib = Long.parseLong(v);
            if (mib > 0) {
                return Math.min(info.maxAllocation(), mib << 20);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("s4j.opencl.maxBufferMiB=" + v + " is not a whole number of MiB >= 1");
    }

    /** The largest buffer s4j allocates on this device, in bytes. */
    long largestBuffer() {
        return pool.maxAllocation();
    }

    /** Opens the device: context, queue, and the programs of every precision it supports. */
    static ClDevice open(DeviceInfo info, long maxIdleBytes) {
        return open(info, maxIdleBytes, source());
    }

    /** Opens the device with the programs built from {@code source}. */
    static ClDevice open(DeviceInfo info, long maxIdleBytes, String source) {
        long largest = largestBuffer(info);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, info.platform());
        cl_device_id[] devices = {info.device()};
        cl_context context = clCreateContext(props, 1, devices, null, null, null);
        cl_command_queue queue;
        try {
            queue = createQueue(context, info.device());
        } catch (RuntimeException | LinkageError e) {
            clReleaseContext(context);
            throw e;
        }
        ClDevice d = new ClDevice(info, context, queue, largest, maxIdleBytes);
        try {
            d.build(Precision.SINGLE, source);
            if (d.fp64) {
                d.build(Precision.DOUBLE, source);
            }
        } catch (RuntimeException | LinkageError e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** An in-order queue: OpenCL 2.0's call where the platform has it, 1.2's otherwise. */
    @SuppressWarnings("deprecation")
    private static cl_command_queue createQueue(cl_context context, cl_device_id device) {
        try {
            return clCreateCommandQueueWithProperties(context, device, new cl_queue_properties(), null);
        } catch (CLException | UnsatisfiedLinkError e) {
            return org.jocl.CL.clCreateCommandQueue(context, device, 0, null);
        }
    }

    /** Whether jobs of this precision can run here. */
    boolean supports(Precision p) {
        return programs.containsKey(p);
    }

    /** Starts a job: waits for the device, then holds it until the job is closed. */
    ClJob job(Precision p) {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("the OpenCL device " + info.name() + " has been closed");
        }
        return new ClJob(this, p, queue);
    }

    BufferPool pool() {
        return pool;
    }

    /** The kernel {@code name} of the program for {@code p}, created once. */
    cl_kernel kernel(Precision p, String name) {
        return kernels.computeIfAbsent(p + "/" + name, k -> clCreateKernel(programs.get(p), name, null));
    }

    /** A cached table (kept on the device across jobs), made by {@code make} on first use. */
    Planes table(String key, Supplier<Planes> make) {
        Planes t = tables.get(key);
        if (t == null) {
            t = make.get();
            tables.put(key, t);
            while (tables.size() > TABLES) {
                var eldest = tables.entrySet().iterator().next();
                tables.remove(eldest.getKey());
                eldest.getValue().releaseTo(pool);
            }
        }
        return t;
    }

    /** Releases everything: tables, pooled buffers, kernels, programs, queue and context. Later jobs fail. */
    @Override
    public void close() {
        lock.lock();
        release();
    }

    /** Like {@link #close()}, but gives up (releasing nothing) if a job holds the device for more than {@code millis}. */
    void closeWithin(long millis) {
        try {
            if (lock.tryLock(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases everything; the caller holds the lock, which this releases. */
    private void release() {
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Planes t : tables.values()) {
                quietly(() -> t.releaseTo(pool));
            }
            tables.clear();
            quietly(pool::trim);
            kernels.values().forEach(k -> quietly(() -> clReleaseKernel(k)));
            kernels.clear();
            programs.values().forEach(p -> quietly(() -> clReleaseProgram(p)));
            programs.clear();
            quietly(() -> clReleaseCommandQueue(queue));
            quietly(() -> clReleaseContext(context));
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Tables kept on the device now. */
    int tableCount() {
        lock.lock();
        try {
            return tables.size();
        } finally {
            lock.unlock();
        }
    }

    /** Runs one release call; a failure does not stop the others (what it held is the driver's to reclaim). */
    private static void quietly(Runnable release) {
        try {
            release.run();
        } catch (RuntimeException | LinkageError e) {
            // keep releasing the rest
        }
    }

    private void build(Precision p, String source) {
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        String options = p.option + (fp64 ? " -D S4J_FP64" : "");
        try {
            clBuildProgram(program, 1, new cl_device_id[] {info.device()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(program);
            clReleaseProgram(program);
            if (e.getStatus() == CL_BUILD_PROGRAM_FAILURE) {
                throw new BuildFailure("the " + p.dtypeName() + " program does not build on " + info.name() + ": "
                        + firstLines(log, 3));
            }
            throw e;
        }
        programs.put(p, program);
    }

    private String buildLog(cl_program program) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, info.device(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, info.device(), CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            return DeviceCatalog.cString(buf);
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    static String firstLines(String text, int count) {
        String[] lines = text.strip().split("\\R");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(count, lines.length); i++) {
            sb.append(i == 0 ? "" : " | ").append(lines[i].strip());
        }
        return sb.toString();
    }

    /** The programs' source: the shared definitions, then every kernel file. */
    static String source() {
        StringBuilder sb = new StringBuilder();
        for (String name : SOURCES) {
            try (InputStream in = ClDevice.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("OpenCL source " + name + " is missing from the jar");
                }
                sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }
}

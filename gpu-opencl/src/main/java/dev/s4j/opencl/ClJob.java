package dev.s4j.opencl;

import static org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE;
import static org.jocl.CL.CL_OUT_OF_HOST_MEMORY;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clSetKernelArg;

import dev.s4j.autograd.Storage;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;

/**
 * One job on a device, in one precision: holds the device's lock from start to {@link #close()},
 * hands out pooled buffers and returns them all at the end, moves planes to and from the host
 * (blocking), and launches kernels. Kernel arguments are {@link Integer}s, {@link BufferPool.Buffer}s
 * and {@link Double}s (passed as the job's {@code real}).
 */
final class ClJob implements AutoCloseable {
    private final ClDevice device;
    final Precision precision;
    private final cl_command_queue queue;
    private final List<BufferPool.Buffer> held = new ArrayList<>();

    ClJob(ClDevice device, Precision precision, cl_command_queue queue) {
        this.device = device;
        this.precision = precision;
        this.queue = queue;
    }

    /** A device buffer for {@code count} reals of this job's precision, returned to the pool at the end of the job. */
    BufferPool.Buffer buffer(long count) {
        BufferPool.Buffer b = device.pool().acquire(count * precision.bytes);
        held.add(b);
        return b;
    }

    /** A complex array of {@code count} elements. */
    Planes complex(long count) {
        return new Planes(buffer(count), buffer(count));
    }

    /** Copies a storage (of this job's precision) to the device: both planes of a complex one. */
    Planes upload(Storage s) {
        BufferPool.Buffer re = buffer(s.length());
        write(re, precision.plane(s, false), s.length());
        BufferPool.Buffer im = null;
        if (s.isComplex()) {
            im = buffer(s.length());
            write(im, precision.plane(s, true), s.length());
        }
        return new Planes(re, im);
    }

    /** Copies reals to the device in this job's precision. */
    BufferPool.Buffer upload(double[] values) {
        BufferPool.Buffer b = buffer(values.length);
        write(b, precision.array(values), values.length);
        return b;
    }

    /** Copies float64 values to the device as doubles, whatever the job's precision (needs cl_khr_fp64). */
    BufferPool.Buffer uploadDoubles(double[] values) {
        BufferPool.Buffer b = device.pool().acquire((long) values.length * Double.BYTES);
        held.add(b);
        roomy(() -> clEnqueueWriteBuffer(queue, b.mem(), CL_TRUE, 0, (long) values.length * Double.BYTES, Pointer.to(values), 0,
                null, null));
        return b;
    }

    /** Copies the first {@code dst.length()} reals of {@code src} into a plane of {@code dst} (of this job's precision). */
    void download(BufferPool.Buffer src, Storage dst, boolean imaginary) {
        if (dst.length() > 0) {
            Pointer host = precision.plane(dst, imaginary);
            roomy(() -> clEnqueueReadBuffer(queue, src.mem(), CL_TRUE, 0, (long) dst.length() * precision.bytes, host, 0, null, null));
        }
    }

    /** Copies both planes of {@code src} into a complex {@code dst}, or the real plane into a real one. */
    void download(Planes src, Storage dst) {
        download(src.re(), dst, false);
        if (dst.isComplex()) {
            download(src.im(), dst, true);
        }
    }

    /** The first {@code count} reals of {@code src}, widened to double. */
    double[] downloadReals(BufferPool.Buffer src, int count) {
        double[] out = new double[count];
        if (count == 0) {
            return out;
        }
        if (precision == Precision.DOUBLE) {
            roomy(() -> clEnqueueReadBuffer(queue, src.mem(), CL_TRUE, 0, (long) count * Double.BYTES, Pointer.to(out), 0, null, null));
        } else {
            float[] f = new float[count];
            roomy(() -> clEnqueueReadBuffer(queue, src.mem(), CL_TRUE, 0, (long) count * Float.BYTES, Pointer.to(f), 0, null, null));
            for (int i = 0; i < count; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    /** Launches {@code kernel} over {@code global} work items (nothing when there are none). */
    void launch(String kernel, long global, Object... args) {
        if (global <= 0) {
            return;
        }
        cl_kernel k = device.kernel(precision, kernel);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Integer v) {
                clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
            } else if (a instanceof BufferPool.Buffer b) {
                clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(b.mem()));
            } else if (a instanceof Double v) {
                clSetKernelArg(k, i, precision.bytes, precision.scalar(v));
            } else {
                throw new IllegalArgumentException("kernel " + kernel + ": argument " + i + " of unsupported type " + a);
            }
        }
        roomy(() -> clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, null, 0, null, null));
    }

    /**
     * A table kept on the device across jobs under {@code key} (per precision), made from
     * {@code values} = {re, im} on first use.
     */
    Planes table(String key, java.util.function.Supplier<double[][]> values) {
        return device.table(precision + "/" + key, () -> {
            double[][] v = values.get();
            BufferPool.Buffer re = device.pool().acquire((long) v[0].length * precision.bytes);
            BufferPool.Buffer im = null;
            try {
                im = device.pool().acquire((long) v[1].length * precision.bytes);
                write(re, precision.array(v[0]), v[0].length);
                write(im, precision.array(v[1]), v[1].length);
                return new Planes(re, im);
            } catch (RuntimeException e) {
                device.pool().release(re);
                if (im != null) {
                    device.pool().release(im);
                }
                throw e;
            }
        });
    }

    /** A mark for {@link #releaseFrom(int)}: how many buffers the job holds now. */
    int mark() {
        return held.size();
    }

    /** Returns the buffers taken since {@code mark} to the pool (their contents are no longer needed). */
    void releaseFrom(int mark) {
        while (held.size() > mark) {
            device.pool().release(held.remove(held.size() - 1));
        }
    }

    /** Returns every buffer to the pool and releases the device. */
    @Override
    public void close() {
        try {
            for (BufferPool.Buffer b : held) {
                device.pool().release(b);
            }
            held.clear();
        } finally {
            device.lock.unlock();
        }
    }

    private void write(BufferPool.Buffer b, Pointer host, long count) {
        if (count > 0) {
            roomy(() -> clEnqueueWriteBuffer(queue, b.mem(), CL_TRUE, 0, count * precision.bytes, host, 0, null, null));
        }
    }

    /**
     * Runs a call that may be where the device runs out of memory (many drivers reserve buffers
     * only when they are first used): that failure becomes {@link BufferPool.NoRoom}, so the job
     * is declined instead of the device being given up.
     */
    private void roomy(Runnable call) {
        try {
            call.run();
        } catch (CLException e) {
            if (e.getStatus() == CL_MEM_OBJECT_ALLOCATION_FAILURE || e.getStatus() == CL_OUT_OF_HOST_MEMORY) {
                device.pool().trim();
                throw new BufferPool.NoRoom("the device ran out of memory (" + e.getMessage() + ")");
            }
            throw e;
        }
    }
}

package dev.s4j.opencl;

import static org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_OUT_OF_HOST_MEMORY;
import static org.jocl.CL.CL_OUT_OF_RESOURCES;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clReleaseMemObject;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * Device buffers pooled by size: sizes are rounded up to a power of two (at least 256 bytes), a
 * released buffer waits for the next request of its size, and idle buffers beyond a limit are
 * freed. Not thread-safe: used under the device's lock.
 */
final class BufferPool {
    private static final long MIN_BYTES = 256;

    /** A pooled device buffer of {@code bytes} (its rounded size). */
    record Buffer(cl_mem mem, long bytes) {
    }

    /** Thrown when the device has no room for a buffer, or the buffer is larger than it allows. */
    static final class NoRoom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoRoom(String message) {
            super(message);
        }
    }

    private final cl_context context;
    private final long maxAllocation;
    private final long maxIdleBytes;
    private final Map<Long, ArrayDeque<Buffer>> idle = new HashMap<>();
    private long idleBytes;
    private long allocatedBytes;
    private int allocatedCount;

    BufferPool(cl_context context, long maxAllocation, long maxIdleBytes) {
        this.context = context;
        this.maxAllocation = maxAllocation;
        this.maxIdleBytes = maxIdleBytes;
    }

    /** A buffer of at least {@code bytes}, reused if one is idle. */
    Buffer acquire(long bytes) {
        long size = Math.max(MIN_BYTES, Long.highestOneBit(Math.max(1, bytes - 1)) << 1);
        if (bytes > maxAllocation) {
            throw new NoRoom("a buffer of " + bytes + " bytes is larger than the device allows (" + maxAllocation + ")");
        }
        if (size > maxAllocation) {
            size = bytes;   // rounding up would pass the device's limit: exactly what was asked
        }
        ArrayDeque<Buffer> free = idle.get(size);
        if (free != null && !free.isEmpty()) {
            idleBytes -= size;
            return free.pop();
        }
        return allocate(size);
    }

    /** Returns a buffer for reuse (or frees it when too many bytes are idle). */
    void release(Buffer b) {
        if (idleBytes + b.bytes() > maxIdleBytes) {
            free(b);
            return;
        }
        idle.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).push(b);
        idleBytes += b.bytes();
    }

    /** The largest buffer it hands out, in bytes. */
    long maxAllocation() {
        return maxAllocation;
    }

    /** Bytes of all device buffers this pool holds, in use or idle. */
    long allocatedBytes() {
        return allocatedBytes;
    }

    /** Number of device buffers this pool holds, in use or idle. */
    int allocatedCount() {
        return allocatedCount;
    }

    /** Frees every idle buffer. */
    void trim() {
        for (ArrayDeque<Buffer> q : idle.values()) {
            while (!q.isEmpty()) {
                free(q.pop());
            }
        }
        idleBytes = 0;
    }

    private Buffer allocate(long size) {
        try {
            return created(size);
        } catch (CLException e) {
            if (!outOfMemory(e)) {
                throw e;
            }
            trim();
            try {
                return created(size);
            } catch (CLException again) {
                if (outOfMemory(again)) {
                    throw new NoRoom("the device has no room for " + size + " more bytes (" + again.getMessage() + ")");
                }
                throw again;
            }
        }
    }

    private Buffer created(long size) {
        cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, size, null, null);
        allocatedBytes += size;
        allocatedCount++;
        return new Buffer(mem, size);
    }

    private void free(Buffer b) {
        clReleaseMemObject(b.mem());
        allocatedBytes -= b.bytes();
        allocatedCount--;
    }

    private static boolean outOfMemory(CLException e) {
        int s = e.getStatus();
        return s == CL_MEM_OBJECT_ALLOCATION_FAILURE || s == CL_OUT_OF_RESOURCES || s == CL_OUT_OF_HOST_MEMORY;
    }
}

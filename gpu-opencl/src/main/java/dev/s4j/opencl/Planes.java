package dev.s4j.opencl;

/**
 * A planar array on the device: the real plane and, for complex data, the imaginary plane.
 *
 * @param re real parts
 * @param im imaginary parts, or null for real data
 */
record Planes(BufferPool.Buffer re, BufferPool.Buffer im) {
    /** The imaginary plane, or the real one for real data (kernels that ignore it still need an argument). */
    BufferPool.Buffer imOrRe() {
        return im != null ? im : re;
    }

    void releaseTo(BufferPool pool) {
        pool.release(re);
        if (im != null) {
            pool.release(im);
        }
    }
}

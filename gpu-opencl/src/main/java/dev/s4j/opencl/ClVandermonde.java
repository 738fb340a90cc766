package dev.s4j.opencl;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.VandermondeJob;
import dev.s4j.autograd.kernel.VandermondeKernels;

/**
 * The real Vandermonde product of S4D and its gradients on the device (definitions in
 * {@link VandermondeJob}, gradient formulas in {@link VandermondeKernels}). Powers z^ℓ restart
 * every 32 positions from exp(ℓ₀ log z) in double precision, so the device needs
 * {@code cl_khr_fp64} even for float32 jobs; log|z| and arg z come from the host in float64.
 * Forward: one work item per (row, 32 positions). Backward: the sums T and V per (m, r, n) over
 * chunks of positions, chunks added in order on the device, combined on the host.
 */
final class ClVandermonde {
    private static final int BLOCK = 32;
    private static final long TARGET_ITEMS = 1 << 16;
    private static final int MIN_CHUNK = 256;

    private ClVandermonde() {
    }

    static void forward(ClDevice device, VandermondeJob job, Storage out) {
        Precision p = Precision.of(job.c());
        try (ClJob j = device.job(p)) {
            Planes c = j.upload(job.c());
            Planes z = j.upload(inPrecision(job.z(), job.c()));
            double[][] polar = polar(job.z());
            BufferPool.Buffer logAbs = j.uploadDoubles(polar[0]);
            BufferPool.Buffer arg = j.uploadDoubles(polar[1]);
            int blocks = (job.l() + BLOCK - 1) / BLOCK;
            BufferPool.Buffer o = j.buffer(out.length());
            j.launch("vandermonde_forward", (long) job.m() * job.r() * blocks, job.r(), job.n(), job.l(), blocks,
                    c.re(), c.im(), z.re(), z.im(), logAbs, arg, o);
            j.download(o, out, false);
        }
    }

    static void backward(ClDevice device, VandermondeJob job, Storage g, Storage gc, Storage gz) {
        Precision p = Precision.of(job.c());
        double[] sums;
        try (ClJob j = device.job(p)) {
            Planes z = j.upload(inPrecision(job.z(), job.c()));
            double[][] polar = polar(job.z());
            BufferPool.Buffer logAbs = j.uploadDoubles(polar[0]);
            BufferPool.Buffer arg = j.uploadDoubles(polar[1]);
            Planes gg = j.upload(g);
            int items = job.m() * job.r() * job.n();
            int chunkLength = chunkLength(items, job.l());
            int chunks = (job.l() + chunkLength - 1) / chunkLength;
            BufferPool.Buffer part = j.buffer((long) chunks * items * 4);
            j.launch("vandermonde_sums", (long) chunks * items, job.r(), job.n(), job.l(), chunkLength, items,
                    z.re(), z.im(), logAbs, arg, gg.re(), part);
            BufferPool.Buffer total = j.buffer((long) items * 4);
            j.launch("sum_chunks", (long) items * 4, chunks, items * 4, part, total);
            sums = j.downloadReals(total, items * 4);
        }
        VandermondeKernels.assemble(job, sums, g, gc, gz);
    }

    /** Positions per chunk: a multiple of the block, so that items × chunks reaches the target. */
    static int chunkLength(int items, int l) {
        long chunks = Math.max(1, Math.min((TARGET_ITEMS + items - 1) / items, (l + MIN_CHUNK - 1) / MIN_CHUNK));
        int length = (int) ((l + chunks - 1) / chunks);
        return (length + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** z in the coefficients' precision (z may be float64 with float32 coefficients). */
    private static Storage inPrecision(Storage z, Storage c) {
        return z.dtype() == c.dtype() ? z : z.convert(c.dtype());
    }

    /** {log|z|, arg z} per base, in float64. */
    private static double[][] polar(Storage z) {
        double[] logAbs = new double[z.length()];
        double[] arg = new double[z.length()];
        for (int i = 0; i < z.length(); i++) {
            logAbs[i] = Math.log(Math.hypot(z.re(i), z.im(i)));
            arg[i] = Math.atan2(z.im(i), z.re(i));
        }
        return new double[][] {logAbs, arg};
    }
}

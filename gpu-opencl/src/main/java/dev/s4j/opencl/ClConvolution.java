package dev.s4j.opencl;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.ConvolutionJob;
import dev.s4j.autograd.accel.ConvolutionPlan;

/**
 * The fused FFT convolution ({@link ConvolutionJob}) on the device for a power-of-two n. Each
 * pass uploads its inputs once and works through the rows h in chunks: the chunk's input, kernel
 * and gradient spectra, their products (forward) or sums of products (backward: over channels for
 * grad u, over the batch for grad k, in a fixed order) and the inverse transforms all stay on the
 * device; only the results come back. A chunk's spectra are at most {@link #CHUNK_ELEMENTS}
 * complex numbers of B·C rows. Kernel spectra are recomputed by each pass instead of being kept
 * between forward and backward, so no device memory outlives a pass.
 */
final class ClConvolution implements ConvolutionPlan {
    /** Most complex elements in one chunk's largest spectrum array. */
    static final long CHUNK_ELEMENTS = 1L << 24;

    private final ClDevice device;
    private final ConvolutionJob job;
    private final Precision precision;
    private final int chunk;

    ClConvolution(ClDevice device, ConvolutionJob job) {
        this(device, job, CHUNK_ELEMENTS);
    }

    /** A plan whose chunks' spectra hold at most {@code chunkElements} complex numbers (at least one row h). */
    ClConvolution(ClDevice device, ConvolutionJob job, long chunkElements) {
        this.device = device;
        this.job = job;
        this.precision = Precision.of(job.k());
        long perRow = (long) job.b() * job.c() * job.n();
        this.chunk = (int) Math.max(1, Math.min(job.h(), chunkElements / Math.max(1, perRow)));
    }

    /** Whether the device can take this job (a power-of-two n, buffers within the device's limit). */
    static boolean fits(ClDevice device, ConvolutionJob job) {
        if (Integer.bitCount(job.n()) != 1) {
            return false;
        }
        long bytes = Precision.of(job.k()).bytes;
        long largest = Math.max((long) job.b() * job.c() * job.h() * job.l(), (long) job.b() * job.c() * job.n());
        return largest * bytes <= device.largestBuffer();
    }

    @Override
    public void forward(Storage u, Storage y) {
        int b = job.b();
        int c = job.c();
        int h = job.h();
        int l = job.l();
        int n = job.n();
        try (ClJob j = device.job(precision)) {
            BufferPool.Buffer us = j.upload(u).re();
            BufferPool.Buffer ks = j.upload(job.k()).re();
            BufferPool.Buffer out = j.buffer(y.length());
            for (int h0 = 0; h0 < h; h0 += chunk) {
                int w = Math.min(chunk, h - h0);
                int mark = j.mark();
                Planes kHat = spectra(j, ks, c, w, h0, job.m());
                Planes uHat = spectra(j, us, b, w, h0, l);
                long items = (long) b * c * w * n;
                Planes prod = j.complex(items);
                j.launch("conv_multiply", items, c, w, n, uHat.re(), uHat.im(), kHat.re(), kHat.im(), prod.re(), prod.im());
                Planes yHat = ClFft.transform(j, prod, b * c * w, n, true);
                j.launch("store_rows", (long) b * c * w * l, n, l, 0, w, h, h0, 1.0 / n, yHat.re(), yHat.im(), out, out);
                j.releaseFrom(mark);
            }
            j.download(out, y, false);
        }
    }

    @Override
    public void backward(Storage u, Storage g, Storage gu, Storage gk) {
        if (gu == null && gk == null) {
            return;
        }
        int b = job.b();
        int c = job.c();
        int h = job.h();
        int l = job.l();
        int m = job.m();
        int n = job.n();
        try (ClJob j = device.job(precision)) {
            BufferPool.Buffer gs = j.upload(g).re();
            BufferPool.Buffer ks = gu != null ? j.upload(job.k()).re() : null;
            BufferPool.Buffer us = gk != null ? j.upload(u).re() : null;
            BufferPool.Buffer guOut = gu != null ? j.buffer(gu.length()) : null;
            BufferPool.Buffer gkOut = gk != null ? j.buffer(gk.length()) : null;
            for (int h0 = 0; h0 < h; h0 += chunk) {
                int w = Math.min(chunk, h - h0);
                int mark = j.mark();
                Planes gHat = spectra(j, gs, b * c, w, h0, l);
                if (gu != null) {
                    Planes kHat = spectra(j, ks, c, w, h0, m);
                    Planes sum = j.complex((long) b * w * n);
                    j.launch("conv_sum_channels", (long) b * w * n, c, w, n, gHat.re(), gHat.im(), kHat.re(), kHat.im(),
                            sum.re(), sum.im());
                    Planes x = ClFft.transform(j, sum, b * w, n, true);
                    j.launch("store_rows", (long) b * w * l, n, l, 0, w, h, h0, 1.0 / n, x.re(), x.im(), guOut, guOut);
                }
                if (gk != null) {
                    Planes uHat = spectra(j, us, b, w, h0, l);
                    Planes sum = j.complex((long) c * w * n);
                    j.launch("conv_sum_batch", (long) c * w * n, b, c, w, n, gHat.re(), gHat.im(), uHat.re(), uHat.im(),
                            sum.re(), sum.im());
                    Planes x = ClFft.transform(j, sum, c * w, n, true);
                    j.launch("store_rows", (long) c * w * m, n, m, 0, w, h, h0, 1.0 / n, x.re(), x.im(), gkOut, gkOut);
                }
                j.releaseFrom(mark);
            }
            if (gu != null) {
                j.download(guOut, gu, false);
            }
            if (gk != null) {
                j.download(gkOut, gk, false);
            }
        }
    }

    /**
     * Spectra of rows h0 … h0 + w − 1 of every one of {@code outer} groups of H rows of length
     * {@code length} in {@code src}: (outer · w) rows of n complex numbers.
     */
    private Planes spectra(ClJob j, BufferPool.Buffer src, int outer, int w, int h0, int length) {
        int n = job.n();
        long items = (long) outer * w * n;
        Planes data = j.complex(items);
        j.launch("load_rows", items, n, length, Math.min(length, n), 0, w, job.h(), h0, src, src, data.re(), data.im());
        return ClFft.transform(j, data, outer * w, n, false);
    }
}

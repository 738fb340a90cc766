package dev.s4j.opencl;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CauchyJob;
import dev.s4j.autograd.kernel.CauchyKernels;

/**
 * The Cauchy kernel of S4 and its gradients on the device (definitions in {@link CauchyJob},
 * gradient formulas in {@link CauchyKernels}). Forward: one work item per output (m, r, l),
 * summing over the N poles. Backward: the pole sums S1, S2 per (m, r, n) over chunks of the L
 * points in parallel, the chunks added in order by a second kernel, then combined into grad v and
 * grad w on the host ({@link CauchyKernels#assemble}); grad z one work item per point.
 */
final class ClCauchy {
    /** Work items the pole sums aim for (more chunks of the points when there are few poles). */
    private static final long TARGET_ITEMS = 1 << 16;
    /** Fewest points per chunk. */
    private static final int MIN_CHUNK = 64;

    private ClCauchy() {
    }

    static void forward(ClDevice device, CauchyJob job, Storage out) {
        try (ClJob j = device.job(Precision.of(out))) {
            Planes v = j.upload(job.v());
            Planes w = j.upload(job.w());
            Planes z = j.upload(job.z());
            Planes o = j.complex(out.length());
            j.launch("cauchy_forward", out.length(), job.r(), job.n(), job.l(), job.zRows() == 1 ? 1 : 0,
                    job.conjugatePairs() ? 1 : 0, v.re(), v.im(), w.re(), w.im(), z.re(), z.im(), o.re(), o.im());
            j.download(o, out);
        }
    }

    static void backward(ClDevice device, CauchyJob job, Storage g, Storage gv, Storage gw, Storage gz) {
        try (ClJob j = device.job(Precision.of(g))) {
            Planes w = j.upload(job.w());
            Planes z = j.upload(job.z());
            Planes gg = j.upload(g);
            int shared = job.zRows() == 1 ? 1 : 0;
            int pairs = job.conjugatePairs() ? 1 : 0;
            if (gv != null || gw != null) {
                int items = job.m() * job.r() * job.n();
                int chunkLength = chunkLength(items, job.l());
                int chunks = (job.l() + chunkLength - 1) / chunkLength;
                BufferPool.Buffer part = j.buffer((long) chunks * items * 8);
                j.launch("cauchy_pole_sums", (long) chunks * items, job.r(), job.n(), job.l(), shared, pairs, chunkLength,
                        items, w.re(), w.im(), z.re(), z.im(), gg.re(), gg.im(), part);
                BufferPool.Buffer sums = j.buffer((long) items * 8);
                j.launch("sum_chunks", (long) items * 8, chunks, items * 8, part, sums);
                CauchyKernels.assemble(job, job.v(), j.downloadReals(sums, items * 8), gv, gw);
            }
            if (gz != null) {
                Planes v = j.upload(job.v());
                Planes o = j.complex(gz.length());
                j.launch("cauchy_grad_z", gz.length(), job.m(), job.r(), job.n(), job.l(), job.zRows(), pairs,
                        v.re(), v.im(), w.re(), w.im(), z.re(), z.im(), gg.re(), gg.im(), o.re(), o.im());
                j.download(o, gz);
            }
        }
    }

    /** Points per chunk so that items × chunks reaches {@link #TARGET_ITEMS}, at least {@link #MIN_CHUNK}. */
    static int chunkLength(int items, int l) {
        long chunks = Math.max(1, Math.min((TARGET_ITEMS + items - 1) / items, (l + MIN_CHUNK - 1) / MIN_CHUNK));
        return (int) ((l + chunks - 1) / chunks);
    }
}

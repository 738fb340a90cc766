package dev.s4j.opencl;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.accel.CpuAccelerator;
import dev.s4j.autograd.accel.FftJob;

/**
 * Batched FFTs on the device ({@link FftJob}): a radix-2 Stockham transform for powers of two
 * (log₂ n passes, naturally ordered output) and Bluestein's chirp-z transform for other lengths:
 * with c_j = exp(−iπ j²/n),
 * <pre>
 *   X_k = c_k · Σ_j (x_j c_j) · conj(c_{k−j}),
 * </pre>
 * a circular convolution of length m ≥ 2n − 1 (a power of two) done by two Stockham transforms
 * and the precomputed spectrum of conj(c). Inverse transforms conjugate before and after.
 * Twiddles, chirps and filter spectra are computed on the host in float64 and kept on the device.
 */
final class ClFft {
    private ClFft() {
    }

    /** Runs a job: loads (padding or truncating rows), transforms, stores (scaling inverses by 1/n). */
    static void run(ClDevice device, FftJob job) {
        Precision p = Precision.of(job.input());
        int rows = job.rows();
        int n = job.n();
        int in = job.inLength();
        boolean inverse = job.kind() == FftJob.Kind.C2C_INVERSE || job.kind() == FftJob.Kind.C2R;
        try (ClJob j = device.job(p)) {
            Planes src = j.upload(job.input());
            Planes data = j.complex((long) rows * n);
            long items = (long) rows * n;
            switch (job.kind()) {
                case R2C -> j.launch("load_rows", items, n, in, Math.min(n, in), 0, rows, rows, 0,
                        src.re(), src.imOrRe(), data.re(), data.im());
                case C2C_FORWARD, C2C_INVERSE -> j.launch("load_rows", items, n, in, Math.min(n, in), 1, rows, rows, 0,
                        src.re(), src.imOrRe(), data.re(), data.im());
                case C2R -> j.launch("load_hermitian", items, n, in, Math.min(in, n / 2 + 1),
                        src.re(), src.imOrRe(), data.re(), data.im());
            }
            Planes x = transform(j, data, rows, n, inverse);
            int outLength = job.outLength();
            boolean complexOut = job.output().isComplex();
            Planes out = complexOut ? j.complex((long) rows * outLength) : new Planes(j.buffer((long) rows * outLength), null);
            j.launch("store_rows", (long) rows * outLength, n, outLength, complexOut ? 1 : 0, rows, rows, 0,
                    inverse ? 1.0 / n : 1.0, x.re(), x.im(), out.re(), out.imOrRe());
            j.download(out, job.output());
        }
    }

    /**
     * The unscaled forward (or inverse) DFT of each of {@code rows} rows of {@code data} (rows·n
     * complex); returns the planes holding the result (data's or new ones).
     */
    static Planes transform(ClJob j, Planes data, int rows, int n, boolean inverse) {
        if (n == 1) {
            return data;
        }
        if (Integer.bitCount(n) == 1) {
            return stockham(j, data, rows, n, inverse);
        }
        return bluestein(j, data, rows, n, inverse);
    }

    private static Planes stockham(ClJob j, Planes data, int rows, int n, boolean inverse) {
        Planes tw = j.table("twiddles/" + n, () -> twiddles(n));
        Planes a = data;
        Planes b = j.complex((long) rows * n);
        for (int p = 1; p < n; p <<= 1) {
            j.launch("fft_radix2", (long) rows * (n / 2), n, p, inverse ? 1 : 0, a.re(), a.im(), b.re(), b.im(),
                    tw.re(), tw.im());
            Planes t = a;
            a = b;
            b = t;
        }
        return a;
    }

    private static Planes bluestein(ClJob j, Planes data, int rows, int n, boolean inverse) {
        int m = Integer.highestOneBit(2 * n - 1) << 1;
        Planes chirp = j.table("chirp/" + n, () -> chirp(n));
        Planes filter = j.table("bluestein/" + n, () -> filter(n, m));
        int inv = inverse ? 1 : 0;
        Planes a = j.complex((long) rows * m);
        j.launch("chirp_in", (long) rows * m, n, m, inv, data.re(), data.im(), chirp.re(), chirp.im(), a.re(), a.im());
        Planes spectrum = stockham(j, a, rows, m, false);
        j.launch("multiply_rows", (long) rows * m, m, spectrum.re(), spectrum.im(), filter.re(), filter.im());
        Planes conv = stockham(j, spectrum, rows, m, true);
        Planes x = j.complex((long) rows * n);
        j.launch("chirp_out", (long) rows * n, n, m, inv, conv.re(), conv.im(), chirp.re(), chirp.im(), x.re(), x.im());
        return x;
    }

    /** exp(−2πi j/n) for j &lt; n/2. */
    static double[][] twiddles(int n) {
        int half = Math.max(1, n / 2);
        double[] re = new double[half];
        double[] im = new double[half];
        for (int j = 0; j < half; j++) {
            double a = -2 * Math.PI * j / n;
            re[j] = Math.cos(a);
            im[j] = Math.sin(a);
        }
        return new double[][] {re, im};
    }

    /** c_j = exp(−iπ j²/n) for j &lt; n, the angle reduced exactly (j² mod 2n) before scaling. */
    static double[][] chirp(int n) {
        double[] re = new double[n];
        double[] im = new double[n];
        for (int j = 0; j < n; j++) {
            long k = ((long) j * j) % (2L * n);
            double a = -Math.PI * k / n;
            re[j] = Math.cos(a);
            im[j] = Math.sin(a);
        }
        return new double[][] {re, im};
    }

    /** The length-m DFT (float64, on the CPU) of b_t = conj(c_t) for |t| &lt; n, placed circularly. */
    static double[][] filter(int n, int m) {
        double[][] c = chirp(n);
        Storage b = Storage.allocate(DType.COMPLEX128, m);
        for (int t = 0; t < n; t++) {
            b.setRe(t, c[0][t]);
            b.setIm(t, -c[1][t]);
            if (t > 0) {
                b.setRe(m - t, c[0][t]);
                b.setIm(m - t, -c[1][t]);
            }
        }
        Storage.F64 out = (Storage.F64) Storage.allocate(DType.COMPLEX128, m);
        CpuAccelerator.INSTANCE.fft(new FftJob(FftJob.Kind.C2C_FORWARD, 1, m, m, b, out));
        return new double[][] {out.re, out.im};
    }
}

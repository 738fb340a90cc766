package dev.s4j.autograd.ops;

import dev.s4j.autograd.Autograd;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.FftJob;

/**
 * Discrete Fourier transforms along the last axis, as in numpy/PyTorch: {@code n} is the
 * transform length (the input is zero-padded or truncated to it), forward transforms are
 * unnormalized, inverse ones scaled by 1/n, {@code X_k = Σ_j x_j e^{−2πi jk/n}}. Rows run on the
 * active {@link dev.s4j.autograd.accel.Accelerator} (JTransforms on the CPU).
 *
 * <p>Backward (each a transform of the gradient, brought back to the input length m):
 * fft → n·ifft(g); ifft → fft(g)/n; rfft → n·irfft(h) with h = g except the interior
 * frequencies halved; irfft → rfft(g)/n with the interior frequencies doubled.
 */
public final class Fft {
    private Fft() {
    }

    /** Complex FFT of length {@code n} along the last axis: (…, m) → (…, n) complex. */
    public static Tensor fft(Tensor x, int n) {
        Tensor y = run(FftJob.Kind.C2C_FORWARD, complex(x), n, "fft");
        int m = x.size(-1);
        return Autograd.record("fft", y, g -> new Tensor[] {fitLength(ifft(g, n).mul(n), m)}, x);
    }

    /** Inverse complex FFT of length {@code n} (scaled by 1/n): (…, m) → (…, n) complex. */
    public static Tensor ifft(Tensor x, int n) {
        Tensor y = run(FftJob.Kind.C2C_INVERSE, complex(x), n, "ifft");
        int m = x.size(-1);
        return Autograd.record("ifft", y, g -> new Tensor[] {fitLength(fft(g, n).div(n), m)}, x);
    }

    /** FFT of a real signal: (…, m) real → (…, n/2 + 1) complex (the non-negative frequencies). */
    public static Tensor rfft(Tensor x, int n) {
        if (x.isComplex()) {
            throw new IllegalArgumentException("rfft: input must be real, got " + x.dtype() + " of shape "
                    + Shape.format(x.shape()) + "; use fft for complex signals");
        }
        Tensor y = run(FftJob.Kind.R2C, x, n, "rfft");
        int m = x.size(-1);
        return Autograd.record("rfft", y, g -> {
            Tensor h = g.mul(interiorWeights(n, 0.5, g));
            return new Tensor[] {fitLength(irfft(h, n).mul(n), m)};
        }, x);
    }

    /**
     * Inverse of {@link #rfft}: (…, m) complex half-spectrum → (…, n) real, scaled by 1/n. Uses
     * the first n/2 + 1 entries (zero-padding fewer); the imaginary parts of the zero and (even n)
     * Nyquist frequencies are ignored.
     */
    public static Tensor irfft(Tensor x, int n) {
        Tensor y = run(FftJob.Kind.C2R, complex(x), n, "irfft");
        int m = x.size(-1);
        return Autograd.record("irfft", y, g -> {
            Tensor s = rfft(g, n).div(n);
            return new Tensor[] {fitLength(s.mul(interiorWeights(n, 2, s)), m)};
        }, x);
    }

    /** fft with n = input length. */
    public static Tensor fft(Tensor x) {
        return fft(x, lastLength(x, "fft"));
    }

    /** ifft with n = input length. */
    public static Tensor ifft(Tensor x) {
        return ifft(x, lastLength(x, "ifft"));
    }

    /** rfft with n = input length. */
    public static Tensor rfft(Tensor x) {
        return rfft(x, lastLength(x, "rfft"));
    }

    /** irfft with n = 2(m − 1), m the input length. */
    public static Tensor irfft(Tensor x) {
        return irfft(x, 2 * (lastLength(x, "irfft") - 1));
    }

    private static int lastLength(Tensor x, String op) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException(op + ": input must have at least one axis, got a scalar");
        }
        return x.size(-1);
    }

    private static Tensor complex(Tensor x) {
        return x.isComplex() ? x : x.to(x.dtype().toComplex());
    }

    private static Tensor run(FftJob.Kind kind, Tensor x, int n, String op) {
        int m = lastLength(x, op);
        if (n < 1) {
            throw new IllegalArgumentException(op + ": transform length n must be >= 1, got " + n
                    + " (input shape " + Shape.format(x.shape()) + ")");
        }
        int rows = m == 0 ? 0 : x.numel() / m;
        int outLen = kind == FftJob.Kind.R2C ? n / 2 + 1 : n;
        int[] outShape = Shape.with(x.shape(), x.rank() - 1, outLen);
        var dtype = kind == FftJob.Kind.C2R ? x.dtype().toReal() : x.dtype().toComplex();
        Storage out = Storage.allocate(dtype, Shape.numel(outShape));
        if (rows > 0) {
            Accelerators.fft(new FftJob(kind, rows, m, n, x.storage(), out));
        }
        return new Tensor(out, outShape);
    }

    /** Weights (1, c, …, c, 1) over the n/2 + 1 frequencies: c on the interior ones. */
    private static Tensor interiorWeights(int n, double c, Tensor like) {
        int half = n / 2;
        double[] w = new double[half + 1];
        java.util.Arrays.fill(w, c);
        w[0] = 1;
        if (n % 2 == 0) {
            w[half] = 1;
        }
        return Tensor.of(w).to(like.dtype().toReal());
    }

    /** Truncates or zero-pads the last axis to length m. */
    private static Tensor fitLength(Tensor t, int m) {
        int len = t.size(-1);
        if (len == m) {
            return t;
        }
        return len > m ? t.slice(-1, 0, m) : t.pad(-1, 0, m - len);
    }
}

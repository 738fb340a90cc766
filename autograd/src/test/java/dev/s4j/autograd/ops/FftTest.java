package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.randn;
import static dev.s4j.autograd.TestTensors.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FFT ops against a direct DFT in float64 (twiddles reduced mod n), round trips and convolution. */
class FftTest {

    /** X_k = Σ_j x_j e^{sign·2πi jk/n} over rows of a complex (rows, n) tensor, scaled. */
    private static Tensor dft(Tensor x, int n, int sign, double scale) {
        int rows = x.numel() / n;
        Storage out = Storage.allocate(DType.COMPLEX128, rows * n);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < n; k++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < n; j++) {
                    double a = sign * 2 * Math.PI * (((long) j * k) % n) / n;
                    double xr = x.storage().re(r * n + j);
                    double xi = x.storage().im(r * n + j);
                    re += xr * Math.cos(a) - xi * Math.sin(a);
                    im += xr * Math.sin(a) + xi * Math.cos(a);
                }
                out.setRe(r * n + k, re * scale);
                out.setIm(r * n + k, im * scale);
            }
        }
        return new Tensor(out, x.shape());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 12, 17, 64, 100, 127, 1024})
    void complexTransformsMatchTheDirectDft(int n) {
        Tensor x = randn(n, DType.COMPLEX128, 2, n);
        assertTrue(relativeError(dft(x, n, -1, 1), Fft.fft(x, n)) <= 1e-12);
        assertTrue(relativeError(dft(x, n, 1, 1.0 / n), Fft.ifft(x, n)) <= 1e-12);
        assertTrue(relativeError(x, Fft.ifft(Fft.fft(x))) <= 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 12, 17, 64, 100, 127, 1024})
    void realTransformsMatchTheDirectDft(int n) {
        Tensor x = randn(n + 1, DType.FLOAT64, 3, n);
        Tensor full = dft(x.to(DType.COMPLEX128), n, -1, 1);
        Tensor half = Fft.rfft(x, n);
        assertArrayEquals(new int[] {3, n / 2 + 1}, half.shape());
        assertTrue(relativeError(full.slice(1, 0, n / 2 + 1), half) <= 1e-12);
        // irfft(rfft(x)) = x for even and odd n
        assertTrue(relativeError(x, Fft.irfft(half, n)) <= 1e-12);
        // irfft of an arbitrary half spectrum = DFT⁻¹ of its Hermitian completion (imaginary parts of
        // the zero and Nyquist bins dropped)
        Tensor h = randn(n + 2, DType.COMPLEX128, 3, n / 2 + 1);
        Storage completed = Storage.allocate(DType.COMPLEX128, 3 * n);
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k <= n / 2; k++) {
                boolean realBin = k == 0 || 2 * k == n;
                double re = h.storage().re(r * (n / 2 + 1) + k);
                double im = realBin ? 0 : h.storage().im(r * (n / 2 + 1) + k);
                completed.setRe(r * n + k, re);
                completed.setIm(r * n + k, im);
                if (k > 0) {
                    completed.setRe(r * n + n - k, re);
                    completed.setIm(r * n + n - k, -im);
                }
            }
        }
        Tensor expected = dft(new Tensor(completed, 3, n), n, 1, 1.0 / n).real();
        assertTrue(relativeError(expected, Fft.irfft(h, n)) <= 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 9, 16})
    void lengthArgumentPadsAndTruncates(int n) {
        Tensor x = randn(3, DType.COMPLEX128, 2, 7);
        Tensor fitted = n >= 7 ? x.pad(1, 0, n - 7) : x.slice(1, 0, n);
        assertTrue(relativeError(Fft.fft(fitted), Fft.fft(x, n)) <= 1e-14);
        Tensor r = x.real();
        assertTrue(relativeError(Fft.rfft(fitted.real()), Fft.rfft(r, n)) <= 1e-14);
        // irfft with fewer bins than n/2 + 1 zero-fills the rest
        Tensor bins = randn(4, DType.COMPLEX128, 3);
        Tensor padded = bins.pad(0, 0, n / 2 + 1 - 3);
        assertTrue(relativeError(Fft.irfft(padded, n), Fft.irfft(bins, n)) <= 1e-14);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1000})
    void fftConvolutionEqualsDirectCausalConvolution(int l) {
        Tensor u = randn(10, DType.FLOAT64, 2, l);
        Tensor k = randn(11, DType.FLOAT64, l);
        Tensor y = Fft.irfft(Fft.rfft(u, 2 * l).mul(Fft.rfft(k, 2 * l)), 2 * l).slice(1, 0, l);
        Storage direct = Storage.allocate(DType.FLOAT64, 2 * l);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < l; t++) {
                double s = 0;
                for (int j = 0; j <= t; j++) {
                    s += k.storage().re(j) * u.storage().re(b * l + t - j);
                }
                direct.setRe(b * l + t, s);
            }
        }
        assertTrue(relativeError(new Tensor(direct, 2, l), y) <= 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 100, 4096})
    void float32TransformsAreAccurateToSinglePrecision(int n) {
        Tensor x = randn(20, DType.COMPLEX64, 4, n);
        Tensor ref = Fft.fft(x.to(DType.COMPLEX128), n);
        Tensor got = Fft.fft(x, n);
        assertTrue(got.dtype() == DType.COMPLEX64);
        assertTrue(relativeError(ref, got) <= 1e-6);
        Tensor xr = randn(21, DType.FLOAT32, 4, n);
        assertTrue(relativeError(xr, Fft.irfft(Fft.rfft(xr, n), n)) <= 1e-6);
    }
}

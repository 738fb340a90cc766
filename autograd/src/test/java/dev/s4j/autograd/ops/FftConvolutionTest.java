package dev.s4j.autograd.ops;

import static dev.s4j.autograd.TestTensors.randn;
import static dev.s4j.autograd.TestTensors.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fused FFT convolution against the direct circular sum, and its gradients against the unfused ops. */
class FftConvolutionTest {

    /** y[b,c,h,t] = Σ_j k[c,h,j] u[b,h,(t − j) mod n] for t < L, with u zero beyond L. */
    private static Tensor direct(Tensor u, Tensor k, int n) {
        int b = u.size(0);
        int h = u.size(1);
        int l = u.size(2);
        int c = k.size(0);
        int m = k.size(2);
        Storage y = Storage.allocate(DType.FLOAT64, b * c * h * l);
        for (int bi = 0; bi < b; bi++) {
            for (int ci = 0; ci < c; ci++) {
                for (int hi = 0; hi < h; hi++) {
                    for (int t = 0; t < l; t++) {
                        double s = 0;
                        for (int j = 0; j < m; j++) {
                            int src = Math.floorMod(t - j, n);
                            if (src < l) {
                                s += k.storage().re((ci * h + hi) * m + j) * u.storage().re((bi * h + hi) * l + src);
                            }
                        }
                        y.setRe(((bi * c + ci) * h + hi) * l + t, s);
                    }
                }
            }
        }
        return new Tensor(y, b, c, h, l);
    }

    @ParameterizedTest(name = "L={0} M={1} n={2}")
    @CsvSource({"1, 1, 2", "5, 5, 16", "100, 100, 256", "784, 784, 2048", "50, 128, 128"})
    void matchesTheDirectSum(int l, int m, int n) {
        Tensor u = randn(1, DType.FLOAT64, 3, 2, l);
        Tensor k = randn(2, DType.FLOAT64, 2, 2, m);
        Tensor y = FftConvolution.apply(u, k, n);
        assertArrayEquals(new int[] {3, 2, 2, l}, y.shape());
        assertTrue(relativeError(direct(u, k, n), y) < 1e-12);
        Tensor y32 = FftConvolution.apply(u.to(DType.FLOAT32), k.to(DType.FLOAT32), n);
        assertTrue(relativeError(y, y32) < 1e-6);
    }

    @ParameterizedTest(name = "L={0}")
    @CsvSource({"37", "512"})
    void gradientsMatchTheUnfusedOps(int l) {
        int n = 2 * Integer.highestOneBit(l) * 2;
        Tensor u = randn(3, DType.FLOAT32, 2, 3, l).requiresGrad(true);
        Tensor k = randn(4, DType.FLOAT32, 2, 3, l).requiresGrad(true);
        Tensor g = randn(5, DType.FLOAT32, 2, 2, 3, l);
        FftConvolution.apply(u, k, n).backward(g);
        Tensor gu = u.grad();
        Tensor gk = k.grad();
        u.zeroGrad();
        k.zeroGrad();
        Tensor unfused = Fft.irfft(Fft.rfft(u, n).unsqueeze(1).mul(Fft.rfft(k, n)), n).slice(-1, 0, l);
        unfused.backward(g);
        assertTrue(relativeError(u.grad(), gu) < 1e-5);
        assertTrue(relativeError(k.grad(), gk) < 1e-5);
    }
}

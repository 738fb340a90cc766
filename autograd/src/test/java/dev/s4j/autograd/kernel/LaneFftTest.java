package dev.s4j.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lane-batched float32 FFT against a naive DFT in float64, lane by lane. */
class LaneFftTest {

    /** Position of frequency k in the forward transform's output: the bit reversal of k. */
    private static int position(int k, int n) {
        int bits = Integer.numberOfTrailingZeros(n);
        return Integer.reverse(k) >>> (32 - bits);
    }

    /** X[k] = Σ_t x[t] e^{sign·2πi·kt/n} of one lane, as {re, im}. */
    private static double[][] dft(float[] re, float[] im, int lane, int n, int sign) {
        int w = LaneFft.W;
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int j = 0; j < n; j++) {
            cos[j] = Math.cos(2 * Math.PI * j / n);
            sin[j] = sign * Math.sin(2 * Math.PI * j / n);
        }
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            for (int t = 0; t < n; t++) {
                int j = (int) ((long) k * t % n);
                double xr = re[t * w + lane];
                double xi = im[t * w + lane];
                out[0][k] += xr * cos[j] - xi * sin[j];
                out[1][k] += xr * sin[j] + xi * cos[j];
            }
        }
        return out;
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 4, 8, 16, 32, 64, 128, 1024, 2048, 4096})
    void forwardIsTheDftInBitReversedOrder(int n) {
        assumeTrue(VectorSupport.available(), "Vector API not available");
        int w = LaneFft.W;
        Random r = new Random(n);
        float[] re = new float[n * w];
        float[] im = new float[n * w];
        for (int i = 0; i < re.length; i++) {
            re[i] = (float) r.nextGaussian();
            im[i] = (float) r.nextGaussian();
        }
        float[] fr = re.clone();
        float[] fi = im.clone();
        LaneFft.of(n).forward(fr, fi);
        double err = 0;
        double scale = 0;
        for (int lane = 0; lane < w; lane++) {
            double[][] x = dft(re, im, lane, n, -1);
            for (int k = 0; k < n; k++) {
                int p = position(k, n) * w + lane;
                err = Math.max(err, Math.hypot(x[0][k] - fr[p], x[1][k] - fi[p]));
                scale = Math.max(scale, Math.hypot(x[0][k], x[1][k]));
            }
        }
        assertTrue(err / scale < 1e-6, "relative error " + err / scale);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 4, 8, 16, 32, 64, 128, 1024, 2048, 4096})
    void inverseOfBitReversedSpectraIsNTimesTheInverseDft(int n) {
        assumeTrue(VectorSupport.available(), "Vector API not available");
        int w = LaneFft.W;
        Random r = new Random(n + 1);
        float[] re = new float[n * w];
        float[] im = new float[n * w];
        for (int i = 0; i < re.length; i++) {
            re[i] = (float) r.nextGaussian();
            im[i] = (float) r.nextGaussian();
        }
        // The spectrum in bit-reversed order, as the forward transform leaves it.
        float[] sr = new float[n * w];
        float[] si = new float[n * w];
        for (int k = 0; k < n; k++) {
            for (int lane = 0; lane < w; lane++) {
                sr[position(k, n) * w + lane] = re[k * w + lane];
                si[position(k, n) * w + lane] = im[k * w + lane];
            }
        }
        LaneFft.of(n).inverse(sr, si);
        double err = 0;
        double scale = 0;
        for (int lane = 0; lane < w; lane++) {
            double[][] x = dft(re, im, lane, n, 1);
            for (int t = 0; t < n; t++) {
                int p = t * w + lane;
                err = Math.max(err, Math.hypot(x[0][t] - sr[p], x[1][t] - si[p]));
                scale = Math.max(scale, Math.hypot(x[0][t], x[1][t]));
            }
        }
        assertTrue(err / scale < 1e-6, "relative error " + err / scale);
    }
}

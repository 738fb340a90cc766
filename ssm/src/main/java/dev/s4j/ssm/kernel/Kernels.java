package dev.s4j.ssm.kernel;

import dev.s4j.autograd.Tensor;

/** Small helpers shared by the kernels. */
final class Kernels {
    private Kernels() {
    }

    /** Real parts of a tensor as doubles. */
    static double[] re(Tensor t) {
        return t.toDoubleArray();
    }

    /** Imaginary parts of a tensor as doubles. */
    static double[] im(Tensor t) {
        return t.imagToDoubleArray();
    }

    /** (R, H, M) row-major values rearranged mode-major, (R, M, H). */
    static double[] modeMajor(double[] v, int width, int modes) {
        double[] out = new double[v.length];
        int block = width * modes;
        for (int r = 0; r < v.length / block; r++) {
            for (int h = 0; h < width; h++) {
                for (int n = 0; n < modes; n++) {
                    out[r * block + n * width + h] = v[r * block + h * modes + n];
                }
            }
        }
        return out;
    }
}

package dev.s4j.examples.data;

import dev.s4j.autograd.Tensor;

/**
 * Images as sequences to generate pixel by pixel (S4 §4.3, density estimation): position t sees
 * pixel t − 1 and predicts pixel t's 8-bit level (a class out of 256), so a causal model learns
 * p(x) = Π_t p(x_t | x_&lt;t) (teacher forcing). The input at a position has two features:
 * (previous pixel / 255, 0), and at position 0, where there is no previous pixel, (0, 1): the
 * start flag, whose encoder weight is the model's learned start value. Inputs are (B, 784, 2),
 * targets the B·784 pixel levels in order.
 */
public final class PixelTokens implements SequenceDataset {
    /** Quantization levels of a pixel. */
    public static final int LEVELS = 256;
    /** Input features per position: the previous pixel and the start flag. */
    public static final int FEATURES = 2;

    private final Digits digits;

    /** The images of {@code digits}, in raster order. */
    public PixelTokens(Digits digits) {
        this.digits = digits;
    }

    /** The input features at the position after pixel level {@code previous}, or at position 0 when it is −1. */
    public static float[] input(int previous) {
        return previous < 0 ? new float[] {0, 1} : new float[] {previous / 255f, 0};
    }

    /** Pixels per image, L. */
    public int length() {
        return digits.images().rows() * digits.images().cols();
    }

    /** The 8-bit levels of image {@code index}, in raster order. */
    public int[] pixels(int index) {
        int l = length();
        int[] p = new int[l];
        for (int t = 0; t < l; t++) {
            p[t] = digits.images().pixels()[index * l + t] & 0xff;
        }
        return p;
    }

    /** The digit shown by image {@code index}. */
    public int label(int index) {
        return digits.label(index);
    }

    @Override
    public int size() {
        return digits.size();
    }

    @Override
    public Batch batch(int[] indices) {
        int l = length();
        float[] x = new float[indices.length * l * FEATURES];
        int[] targets = new int[indices.length * l];
        for (int b = 0; b < indices.length; b++) {
            int[] p = pixels(indices[b]);
            for (int t = 0; t < l; t++) {
                float[] in = input(t == 0 ? -1 : p[t - 1]);
                System.arraycopy(in, 0, x, (b * l + t) * FEATURES, FEATURES);
                targets[b * l + t] = p[t];
            }
        }
        return new Batch(Tensor.of(x, indices.length, l, FEATURES), new Targets.Classes(targets));
    }
}

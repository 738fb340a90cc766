package dev.s4j.examples.data;

import dev.s4j.autograd.Tensor;

/**
 * Images read one pixel per step (sequential MNIST, LSSL §5 / S4 §4.2): a 28×28 image becomes a
 * sequence of L = 784 scalars in [0, 1], row by row, or in a fixed permuted order (psMNIST),
 * labelled with the image's class. Inputs are (B, 784, 1).
 */
public final class PixelSequences implements SequenceDataset {
    private final Digits digits;
    private final int[] order;

    /**
     * @param digits      the images
     * @param permutation the pixel order (length rows·cols), or null for raster order
     */
    public PixelSequences(Digits digits, int[] permutation) {
        int pixels = digits.images().rows() * digits.images().cols();
        if (permutation != null && permutation.length != pixels) {
            throw new IllegalArgumentException("pixel permutation of length " + permutation.length + " for images of "
                    + pixels + " pixels");
        }
        this.digits = digits;
        this.order = permutation;
    }

    @Override
    public int size() {
        return digits.size();
    }

    @Override
    public Batch batch(int[] indices) {
        int l = digits.images().rows() * digits.images().cols();
        byte[] pixels = digits.images().pixels();
        float[] x = new float[indices.length * l];
        int[] labels = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int base = indices[b] * l;
            for (int t = 0; t < l; t++) {
                int p = order == null ? t : order[t];
                x[b * l + t] = (pixels[base + p] & 0xff) / 255f;
            }
            labels[b] = digits.label(indices[b]);
        }
        return new Batch(Tensor.of(x, indices.length, l, 1), new Targets.Classes(labels));
    }
}

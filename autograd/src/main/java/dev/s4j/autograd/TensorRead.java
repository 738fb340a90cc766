package dev.s4j.autograd;

/** How {@link Tensor} reads its values out: single elements by index, and whole copies as arrays. */
final class TensorRead {
    private TensorRead() {
    }

    static double item(Tensor t) {
        if (t.numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + Shape.format(t.shape()) + " has " + t.numel()
                    + " elements, not 1");
        }
        if (t.isComplex()) {
            throw new IllegalStateException("item: tensor is " + t.dtype() + "; take real().item() and imag().item()");
        }
        return t.storage().re(0);
    }

    /** The row-major position of {@code index} (one index per axis, each in range). */
    static int flatIndex(int[] shape, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of shape " + Shape.format(shape));
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + index[i] + " out of range for axis " + i + " of shape "
                        + Shape.format(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    static double[] realParts(Storage s) {
        double[] out = new double[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.re(i);
        }
        return out;
    }

    static double[] imaginaryParts(Storage s) {
        double[] out = new double[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.im(i);
        }
        return out;
    }

    static float[] realPartsF32(Storage s) {
        float[] out = new float[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) s.re(i);
        }
        return out;
    }
}

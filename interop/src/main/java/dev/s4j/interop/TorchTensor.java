package dev.s4j.interop;

import dev.s4j.autograd.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tensor as torch.save describes it ({@code torch._utils._rebuild_tensor_v2}): a view of a
 * storage with an offset, a shape and strides in elements.
 */
record TorchTensor(TorchStorage storage, long offset, int[] shape, long[] stride) {

    /**
     * The values, gathered in row-major order, as an s4j tensor: float32 and complex64 keep their
     * type, float64 and complex128 theirs; float16 and bfloat16 become float32 (exactly), integers
     * and bool float64 (exactly up to 2^53).
     */
    Tensor toTensor(ByteOrder order) {
        long n = 1;
        long last = offset;
        try {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] < 0 || stride[d] < 0) {
                    throw new IllegalArgumentException("negative size or stride");
                }
                n = Math.multiplyExact(n, shape[d]);
                if (shape[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(shape[d] - 1L, stride[d]));
                }
            }
            Math.multiplyExact(last + 1, storage.dtype().size());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("its size and strides overflow (" + java.util.Arrays.toString(shape) + ", "
                    + java.util.Arrays.toString(stride) + ")", e);
        }
        if (n > 0 && (offset < 0 || last >= storage.count())) {
            throw new IllegalArgumentException("its view reaches element " + last + " of storage " + storage.key() + ", which holds "
                    + storage.count() + " (a truncated file?)");
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " elements are too many for one tensor");
        }
        ByteBuffer buf = storage.buffer(order);
        int count = (int) n;
        double[] re = new double[count];
        double[] im = new double[count];
        int[] index = new int[shape.length];
        for (int i = 0; i < count; i++) {
            long at = offset;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
            }
            re[i] = storage.real(buf, at);
            if (isComplex()) {
                im[i] = storage.imag(buf, at);
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        int[] dims = shape.length == 0 ? new int[] {1} : shape;
        Tensor t = switch (storage.dtype()) {
            case COMPLEX64 -> Tensor.complex(narrow(re), narrow(im), dims);
            case COMPLEX128 -> Tensor.complex(re, im, dims);
            case FLOAT32, FLOAT16, BFLOAT16 -> Tensor.of(narrow(re), dims);
            default -> Tensor.of(re, dims);
        };
        return shape.length == 0 ? t.reshape() : t;
    }

    private boolean isComplex() {
        return storage.dtype() == TorchDType.COMPLEX64 || storage.dtype() == TorchDType.COMPLEX128;
    }

    private static float[] narrow(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}

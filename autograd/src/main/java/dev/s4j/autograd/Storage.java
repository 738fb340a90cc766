package dev.s4j.autograd;

import java.util.Arrays;

/**
 * Contiguous element storage of a tensor: a real plane and, for complex tensors, an imaginary
 * plane of the same length. {@link F32} holds {@code float[]} planes (FLOAT32, COMPLEX64),
 * {@link F64} holds {@code double[]} planes (FLOAT64, COMPLEX128).
 *
 * <p>Storages are shared between tensors (a reshape, the real part of a complex tensor, a
 * detached tensor): nothing in the library writes into a storage after the op that created it
 * returned, except in-place updates of parameters and buffers (optimizer steps, loading a state
 * dict, running statistics), which call {@link #markModified()}. Code that writes the planes
 * directly must do the same.
 */
public abstract sealed class Storage permits Storage.F32, Storage.F64 {
    private int version;

    /**
     * How many times the values were changed in place ({@link #markModified()}). A recorded op
     * notes its inputs' versions, and backward refuses to run on changed inputs.
     */
    public final int version() {
        return version;
    }

    /** Records an in-place change of the values (optimizer step, state loading, running statistics). */
    public final void markModified() {
        version++;
    }

    /** A zero-filled storage for {@code length} elements of {@code dtype}. */
    public static Storage allocate(DType dtype, int length) {
        if (dtype.isDoublePrecision()) {
            return new F64(new double[length], dtype.isComplex() ? new double[length] : null);
        }
        return new F32(new float[length], dtype.isComplex() ? new float[length] : null);
    }

    /** A complex storage whose planes are {@code re} and {@code im} (shared, not copied). */
    public static Storage complex(Storage re, Storage im) {
        if (re.isComplex() || im.isComplex()) {
            throw new IllegalArgumentException("complex: parts must be real storages");
        }
        if (re.length() != im.length()) {
            throw new IllegalArgumentException("complex: parts have " + re.length() + " and " + im.length() + " elements");
        }
        if (re instanceof F32 r && im instanceof F32 i) {
            return new F32(r.re, i.re);
        }
        F64 r = (F64) re.convert(DType.FLOAT64);
        F64 i = (F64) im.convert(DType.FLOAT64);
        return new F64(r.re, i.re);
    }

    /** Number of elements. */
    public abstract int length();

    /** True if there is an imaginary plane. */
    public abstract boolean isComplex();

    /** The dtype this storage holds. */
    public abstract DType dtype();

    /** Real part of element {@code i}, widened to double. */
    public abstract double re(int i);

    /** Imaginary part of element {@code i} (0 for a real storage). */
    public abstract double im(int i);

    /** Sets the real part of element {@code i} (rounded to the storage's precision). */
    public abstract void setRe(int i, double v);

    /** Sets the imaginary part of element {@code i}; the storage must be complex. */
    public abstract void setIm(int i, double v);

    /** A real storage sharing this storage's real plane. */
    public abstract Storage realPart();

    /** A real storage sharing this storage's imaginary plane; the storage must be complex. */
    public abstract Storage imagPart();

    /** A new storage of {@code target} holding these values (imaginary parts dropped for a real target). */
    public abstract Storage convert(DType target);

    /** A deep copy. */
    public final Storage copy() {
        return gather(null);
    }

    /**
     * A new storage with {@code out[k] = this[index[k]]}, or 0 where {@code index[k] < 0}.
     * A null index copies everything.
     */
    public abstract Storage gather(int[] index);

    /**
     * A new storage of {@code length} elements with {@code out[index[k]] += this[k]} for every
     * {@code k} with {@code index[k] >= 0}: the adjoint of {@link #gather}.
     */
    public abstract Storage scatterAdd(int[] index, int length);

    /** Copies {@code count} elements from {@code src} to {@code dst}; both must have the same dtype. */
    public static void copy(Storage src, int srcPos, Storage dst, int dstPos, int count) {
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException("copy: dtype " + src.dtype() + " into " + dst.dtype());
        }
        if (src instanceof F32 s && dst instanceof F32 d) {
            System.arraycopy(s.re, srcPos, d.re, dstPos, count);
            if (s.im != null) {
                System.arraycopy(s.im, srcPos, d.im, dstPos, count);
            }
        } else {
            F64 s = (F64) src;
            F64 d = (F64) dst;
            System.arraycopy(s.re, srcPos, d.re, dstPos, count);
            if (s.im != null) {
                System.arraycopy(s.im, srcPos, d.im, dstPos, count);
            }
        }
    }

    /** Index of the first NaN or infinite element, or -1. */
    public abstract int firstNonFinite();

    /** Storage of float32 planes (FLOAT32, or COMPLEX64 when {@code im != null}). */
    public static final class F32 extends Storage {
        /** Real parts. */
        public final float[] re;
        /** Imaginary parts, or null for a real storage. */
        public final float[] im;

        /** Wraps the given planes (not copied). */
        public F32(float[] re, float[] im) {
            if (im != null && im.length != re.length) {
                throw new IllegalArgumentException("planes of different lengths: " + re.length + " and " + im.length);
            }
            this.re = re;
            this.im = im;
        }

        @Override
        public int length() {
            return re.length;
        }

        @Override
        public boolean isComplex() {
            return im != null;
        }

        @Override
        public DType dtype() {
            return im != null ? DType.COMPLEX64 : DType.FLOAT32;
        }

        @Override
        public double re(int i) {
            return re[i];
        }

        @Override
        public double im(int i) {
            return im == null ? 0 : im[i];
        }

        @Override
        public void setRe(int i, double v) {
            re[i] = (float) v;
        }

        @Override
        public void setIm(int i, double v) {
            im[i] = (float) v;
        }

        @Override
        public Storage realPart() {
            return new F32(re, null);
        }

        @Override
        public Storage imagPart() {
            if (im == null) {
                throw new IllegalStateException("imag: storage is real");
            }
            return new F32(im, null);
        }

        @Override
        public Storage convert(DType target) {
            if (target.isDoublePrecision()) {
                double[] r = new double[re.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = re[i];
                }
                double[] m = null;
                if (target.isComplex()) {
                    m = new double[re.length];
                    if (im != null) {
                        for (int i = 0; i < m.length; i++) {
                            m[i] = im[i];
                        }
                    }
                }
                return new F64(r, m);
            }
            float[] m = target.isComplex() ? (im != null ? im.clone() : new float[re.length]) : null;
            return new F32(re.clone(), m);
        }

        @Override
        public Storage gather(int[] index) {
            if (index == null) {
                return new F32(re.clone(), im == null ? null : im.clone());
            }
            return new F32(gather(re, index), im == null ? null : gather(im, index));
        }

        private static float[] gather(float[] src, int[] index) {
            float[] out = new float[index.length];
            for (int k = 0; k < index.length; k++) {
                int j = index[k];
                out[k] = j < 0 ? 0f : src[j];
            }
            return out;
        }

        @Override
        public Storage scatterAdd(int[] index, int length) {
            return new F32(scatter(re, index, length), im == null ? null : scatter(im, index, length));
        }

        private static float[] scatter(float[] src, int[] index, int length) {
            float[] out = new float[length];
            for (int k = 0; k < index.length; k++) {
                int j = index[k];
                if (j >= 0) {
                    out[j] += src[k];
                }
            }
            return out;
        }

        @Override
        public int firstNonFinite() {
            for (int i = 0; i < re.length; i++) {
                if (!Float.isFinite(re[i]) || (im != null && !Float.isFinite(im[i]))) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Storage of float64 planes (FLOAT64, or COMPLEX128 when {@code im != null}). */
    public static final class F64 extends Storage {
        /** Real parts. */
        public final double[] re;
        /** Imaginary parts, or null for a real storage. */
        public final double[] im;

        /** Wraps the given planes (not copied). */
        public F64(double[] re, double[] im) {
            if (im != null && im.length != re.length) {
                throw new IllegalArgumentException("planes of different lengths: " + re.length + " and " + im.length);
            }
            this.re = re;
            this.im = im;
        }

        @Override
        public int length() {
            return re.length;
        }

        @Override
        public boolean isComplex() {
            return im != null;
        }

        @Override
        public DType dtype() {
            return im != null ? DType.COMPLEX128 : DType.FLOAT64;
        }

        @Override
        public double re(int i) {
            return re[i];
        }

        @Override
        public double im(int i) {
            return im == null ? 0 : im[i];
        }

        @Override
        public void setRe(int i, double v) {
            re[i] = v;
        }

        @Override
        public void setIm(int i, double v) {
            im[i] = v;
        }

        @Override
        public Storage realPart() {
            return new F64(re, null);
        }

        @Override
        public Storage imagPart() {
            if (im == null) {
                throw new IllegalStateException("imag: storage is real");
            }
            return new F64(im, null);
        }

        @Override
        public Storage convert(DType target) {
            if (!target.isDoublePrecision()) {
                float[] r = new float[re.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = (float) re[i];
                }
                float[] m = null;
                if (target.isComplex()) {
                    m = new float[re.length];
                    if (im != null) {
                        for (int i = 0; i < m.length; i++) {
                            m[i] = (float) im[i];
                        }
                    }
                }
                return new F32(r, m);
            }
            double[] m = target.isComplex() ? (im != null ? im.clone() : new double[re.length]) : null;
            return new F64(re.clone(), m);
        }

        @Override
        public Storage gather(int[] index) {
            if (index == null) {
                return new F64(re.clone(), im == null ? null : im.clone());
            }
            return new F64(gather(re, index), im == null ? null : gather(im, index));
        }

        private static double[] gather(double[] src, int[] index) {
            double[] out = new double[index.length];
            for (int k = 0; k < index.length; k++) {
                int j = index[k];
                out[k] = j < 0 ? 0.0 : src[j];
            }
            return out;
        }

        @Override
        public Storage scatterAdd(int[] index, int length) {
            return new F64(scatter(re, index, length), im == null ? null : scatter(im, index, length));
        }

        private static double[] scatter(double[] src, int[] index, int length) {
            double[] out = new double[length];
            for (int k = 0; k < index.length; k++) {
                int j = index[k];
                if (j >= 0) {
                    out[j] += src[k];
                }
            }
            return out;
        }

        @Override
        public int firstNonFinite() {
            for (int i = 0; i < re.length; i++) {
                if (!Double.isFinite(re[i]) || (im != null && !Double.isFinite(im[i]))) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Override
    public String toString() {
        return dtype() + "[" + length() + "]" + (length() <= 8 ? Arrays.toString(preview()) : "");
    }

    private String[] preview() {
        String[] s = new String[length()];
        for (int i = 0; i < s.length; i++) {
            s[i] = isComplex() ? re(i) + "+" + im(i) + "i" : Double.toString(re(i));
        }
        return s;
    }
}

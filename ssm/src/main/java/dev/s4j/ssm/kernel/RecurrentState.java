package dev.s4j.ssm.kernel;

/**
 * The state x of a batch of SSMs in step mode, {@code (B, H, N)} values in float64: complex (N
 * stored modes of conjugate pairs) for S4 and S4D, real for a dense LSSL. Stored mode-major,
 * {@code (B, N, H)}, so that a step works across the H state spaces in vector lanes. Mutable;
 * owned by the caller of {@link Recurrence#step}.
 */
public final class RecurrentState {
    private final int batch;
    private final int width;
    private final int size;
    final double[] re;
    final double[] im;
    private double[] scratch = new double[0];

    /** A zero state. */
    public RecurrentState(int batch, int width, int size, boolean complex) {
        if (batch < 1 || width < 1 || size < 1) {
            throw new IllegalArgumentException("state: batch, width and size must be positive, got " + batch + ", "
                    + width + ", " + size);
        }
        this.batch = batch;
        this.width = width;
        this.size = size;
        this.re = new double[batch * width * size];
        this.im = complex ? new double[re.length] : null;
    }

    /** B. */
    public int batch() {
        return batch;
    }

    /** H. */
    public int width() {
        return width;
    }

    /** N: values per state space. */
    public int size() {
        return size;
    }

    /** True for a complex state. */
    public boolean isComplex() {
        return im != null;
    }

    /** Sets every value to zero. */
    public void reset() {
        java.util.Arrays.fill(re, 0);
        if (im != null) {
            java.util.Arrays.fill(im, 0);
        }
    }

    /** An independent copy. */
    public RecurrentState copy() {
        RecurrentState c = new RecurrentState(batch, width, size, im != null);
        System.arraycopy(re, 0, c.re, 0, re.length);
        if (im != null) {
            System.arraycopy(im, 0, c.im, 0, im.length);
        }
        return c;
    }

    /** Real part of x[b, h, n]. */
    public double re(int b, int h, int n) {
        return re[(b * size + n) * width + h];
    }

    /** Imaginary part of x[b, h, n] (0 for a real state). */
    public double im(int b, int h, int n) {
        return im == null ? 0 : im[(b * size + n) * width + h];
    }

    /** Work space of at least {@code n} values for a recurrence stepping this state (kept between steps: no allocation per step). */
    double[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new double[n];
        }
        return scratch;
    }

    /** Whether every value is zero. */
    public boolean isZero() {
        for (double v : re) {
            if (v != 0) {
                return false;
            }
        }
        if (im != null) {
            for (double v : im) {
                if (v != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Copies {@code other}'s values (of the same shape) into this state. */
    public void set(RecurrentState other) {
        if (other.batch != batch || other.width != width || other.size != size || (other.im != null) != (im != null)) {
            throw new IllegalArgumentException("state: cannot copy a state of another shape");
        }
        System.arraycopy(other.re, 0, re, 0, re.length);
        if (im != null) {
            System.arraycopy(other.im, 0, im, 0, im.length);
        }
    }

    /** The values in storage order: the real parts (B, N, H), then for a complex state the imaginary parts. */
    public double[] values() {
        double[] v = new double[im == null ? re.length : 2 * re.length];
        System.arraycopy(re, 0, v, 0, re.length);
        if (im != null) {
            System.arraycopy(im, 0, v, re.length, im.length);
        }
        return v;
    }

    /** Sets the values from {@link #values()}'s layout. */
    public void setValues(double[] v) {
        if (v.length != (im == null ? re.length : 2 * re.length)) {
            throw new IllegalArgumentException("state: expected " + (im == null ? re.length : 2 * re.length) + " values, got " + v.length);
        }
        System.arraycopy(v, 0, re, 0, re.length);
        if (im != null) {
            System.arraycopy(v, re.length, im, 0, im.length);
        }
    }

    void check(Recurrence r) {
        if (width != r.width() || size != r.stateSize() || (im != null) != r.complexState()) {
            throw new IllegalArgumentException("state: (batch " + batch + ", width " + width + ", size " + size
                    + (im != null ? ", complex" : ", real") + ") does not fit a recurrence of width " + r.width()
                    + " and state size " + r.stateSize() + (r.complexState() ? " (complex)" : " (real)"));
        }
    }
}

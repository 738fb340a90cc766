package dev.s4j.ssm.kernel;

import java.util.Arrays;

/**
 * The state x of a batch of SSMs in step mode, {@code (B, H, N)} values: complex (N stored modes
 * of conjugate pairs) for S4 and S4D, real for a dense LSSL; float64, or float32 for the step of a
 * float32 model ({@link Recurrence#singlePrecisionState()}). Stored mode-major, {@code (B, N, H)},
 * so that a step works across the H state spaces in vector lanes. Mutable; owned by the caller
 * of {@link Recurrence#step}.
 */
public final class RecurrentState {
    private final int batch;
    private final int width;
    private final int size;
    final double[] re;
    final double[] im;
    final float[] re32;
    final float[] im32;
    private double[] scratch = new double[0];
    private float[] scratch32 = new float[0];
    /** Sums of x that a recurrence keeps for its next step (see {@link #check}), and which recurrence. */
    private double[] sums = new double[0];
    private float[] sums32 = new float[0];
    private Recurrence sumsOf;

    /** A zero float64 state (a float32 model's recurrence needs a float32 one: take {@link Recurrence#zeroState}). */
    public RecurrentState(int batch, int width, int size, boolean complex) {
        this(batch, width, size, complex, false);
    }

    /** A zero state, float32 if {@code single}. */
    public RecurrentState(int batch, int width, int size, boolean complex, boolean single) {
        if (batch < 1 || width < 1 || size < 1) {
            throw new IllegalArgumentException("state: batch, width and size must be positive, got " + batch + ", "
                    + width + ", " + size);
        }
        this.batch = batch;
        this.width = width;
        this.size = size;
        int n = batch * width * size;
        this.re = single ? null : new double[n];
        this.im = single || !complex ? null : new double[n];
        this.re32 = single ? new float[n] : null;
        this.im32 = single && complex ? new float[n] : null;
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

    /** True if the state is complex. */
    public boolean isComplex() {
        return im != null || im32 != null;
    }

    /** True if the state is float32. */
    public boolean isSinglePrecision() {
        return re32 != null;
    }

    private int count() {
        return batch * width * size;
    }

    /** Sets every value to zero. */
    public void reset() {
        sumsOf = null;
        if (re != null) {
            Arrays.fill(re, 0);
        } else {
            Arrays.fill(re32, 0);
        }
        if (im != null) {
            Arrays.fill(im, 0);
        }
        if (im32 != null) {
            Arrays.fill(im32, 0);
        }
    }

    /** An independent copy. */
    public RecurrentState copy() {
        RecurrentState c = new RecurrentState(batch, width, size, isComplex(), isSinglePrecision());
        c.set(this);
        return c;
    }

    /** Real part of x[b, h, n]. */
    public double re(int b, int h, int n) {
        int at = (b * size + n) * width + h;
        return re != null ? re[at] : re32[at];
    }

    /** Imaginary part of x[b, h, n] (0 for a real state). */
    public double im(int b, int h, int n) {
        int at = (b * size + n) * width + h;
        return im != null ? im[at] : im32 != null ? im32[at] : 0;
    }

    /** Work space of at least {@code n} values for a recurrence stepping this state (kept between steps: no allocation per step). */
    double[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new double[n];
        }
        return scratch;
    }

    /** {@link #scratch} in float32. */
    float[] scratch32(int n) {
        if (scratch32.length < n) {
            scratch32 = new float[n];
        }
        return scratch32;
    }

    /** Whether every value is zero. */
    public boolean isZero() {
        for (double v : values()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** Copies {@code other}'s values (of the same shape and precision) into this state. */
    public void set(RecurrentState other) {
        if (other.batch != batch || other.width != width || other.size != size || other.isComplex() != isComplex()
                || other.isSinglePrecision() != isSinglePrecision()) {
            throw new IllegalArgumentException("state: cannot copy a state of another shape or precision");
        }
        setValues(other.values());
    }

    /** The values in storage order as float64: the real parts (B, N, H), then for a complex state the imaginary parts. */
    public double[] values() {
        int n = count();
        double[] v = new double[isComplex() ? 2 * n : n];
        for (int i = 0; i < n; i++) {
            v[i] = re != null ? re[i] : re32[i];
            if (isComplex()) {
                v[n + i] = im != null ? im[i] : im32[i];
            }
        }
        return v;
    }

    /** Sets the values from {@link #values()}'s layout (rounded to float32 for a float32 state). */
    public void setValues(double[] v) {
        sumsOf = null;
        int n = count();
        if (v.length != (isComplex() ? 2 * n : n)) {
            throw new IllegalArgumentException("state: expected " + (isComplex() ? 2 * n : n) + " values, got " + v.length);
        }
        for (int i = 0; i < n; i++) {
            if (re != null) {
                re[i] = v[i];
            } else {
                re32[i] = (float) v[i];
            }
            if (im != null) {
                im[i] = v[n + i];
            } else if (im32 != null) {
                im32[i] = (float) v[n + i];
            }
        }
    }

    /**
     * Sums of x kept between steps, at least {@code n} values: valid for the recurrence that last
     * called {@link #keepSums} if no other call has reached this state since ({@link #check} tells).
     */
    double[] sums(int n) {
        if (sums.length < n) {
            sums = new double[n];
        }
        return sums;
    }

    /** {@link #sums} in float32. */
    float[] sums32(int n) {
        if (sums32.length < n) {
            sums32 = new float[n];
        }
        return sums32;
    }

    /** Marks {@link #sums} as computed by {@code r} from the current x. */
    void keepSums(Recurrence r) {
        sumsOf = r;
    }

    /**
     * Checks that this state fits {@code r}, and forgets any kept sums: every recurrence call that
     * may change x starts here. Returns whether the sums were {@code r}'s, of the x as it is.
     */
    boolean check(Recurrence r) {
        boolean kept = sumsOf == r;
        sumsOf = null;
        if (width != r.width() || size != r.stateSize() || isComplex() != r.complexState()
                || isSinglePrecision() != r.singlePrecisionState()) {
            throw new IllegalArgumentException("state: (batch " + batch + ", width " + width + ", size " + size
                    + (isComplex() ? ", complex" : ", real") + (isSinglePrecision() ? ", float32" : ", float64")
                    + ") does not fit a recurrence of width " + r.width() + " and state size " + r.stateSize()
                    + (r.complexState() ? " (complex" : " (real") + (r.singlePrecisionState() ? ", float32)" : ", float64)"));
        }
        return kept;
    }
}

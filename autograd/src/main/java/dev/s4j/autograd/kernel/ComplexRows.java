package dev.s4j.autograd.kernel;

/**
 * Fixed complex coefficients of a recurrent step, (rows, len) split into real and imaginary
 * parts: in float64 for a float64 model's step, or "compact", in float32, for a float32 model's
 * step (whose state and arithmetic are float32 too; see {@link StepKernels}).
 */
public final class ComplexRows {
    final double[] re;
    final double[] im;
    final float[] re32;
    final float[] im32;

    private ComplexRows(double[] re, double[] im, boolean compact) {
        if (re.length != im.length) {
            throw new IllegalArgumentException("ComplexRows: " + re.length + " real and " + im.length + " imaginary parts");
        }
        if (compact) {
            this.re32 = narrow(re);
            this.im32 = narrow(im);
            this.re = null;
            this.im = null;
        } else {
            this.re = re.clone();
            this.im = im.clone();
            this.re32 = null;
            this.im32 = null;
        }
    }

    /** Coefficients with real parts {@code re} and imaginary parts {@code im}, stored in float32 if {@code compact}. */
    public static ComplexRows of(double[] re, double[] im, boolean compact) {
        return new ComplexRows(re, im, compact);
    }

    /** True if stored in float32. */
    public boolean isCompact() {
        return re32 != null;
    }

    static float[] narrow(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}

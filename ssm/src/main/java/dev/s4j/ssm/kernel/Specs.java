package dev.s4j.ssm.kernel;

import dev.s4j.autograd.DType;

/** Checks shared by the kernel specs. */
final class Specs {
    private Specs() {
    }

    /** A state of conjugate pairs (S4, S4D): N even and at least 2; then {@link #checkStep}. */
    static void checkState(String spec, int stateSize, double dtMin, double dtMax, DType dtype) {
        if (stateSize < 2 || stateSize % 2 != 0) {
            throw new IllegalArgumentException(spec + ": state size must be even and at least 2, got " + stateSize);
        }
        checkStep(spec, dtMin, dtMax, dtype);
    }

    /** The initial range of Δ (0 &lt; dtMin ≤ dtMax) and a real precision. */
    static void checkStep(String spec, double dtMin, double dtMax, DType dtype) {
        if (!(dtMin > 0 && dtMax >= dtMin)) {
            throw new IllegalArgumentException(spec + ": need 0 < dtMin <= dtMax, got [" + dtMin + ", " + dtMax + "]");
        }
        if (dtype.isComplex()) {
            throw new IllegalArgumentException(spec + ": dtype is the real precision, FLOAT32 or FLOAT64, got " + dtype);
        }
    }

    static void checkShape(String kernel, int width, int channels) {
        if (width < 1 || channels < 1) {
            throw new IllegalArgumentException(kernel + ": width and channels must be positive, got " + width + " and "
                    + channels);
        }
    }
}

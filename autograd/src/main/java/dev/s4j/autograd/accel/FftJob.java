package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;

/**
 * A batch of one-dimensional FFTs over the rows of a row-major array.
 *
 * <p>Each of the {@code rows} input rows holds {@code inLength} elements; the transform length is
 * {@code n}: a shorter row is zero-padded, a longer one truncated (numpy's {@code n} argument).
 * Output rows hold {@code n} elements ({@code n/2 + 1} for {@link Kind#R2C}). Unnormalized
 * forward transforms, inverse transforms scaled by 1/n; sign convention
 * {@code X_k = Σ_j x_j e^{−2πi jk/n}}.
 *
 * @param kind     which transform
 * @param rows     number of independent rows
 * @param inLength elements per input row
 * @param n        transform length
 * @param input    input planes (complex for C2C and C2R, real for R2C)
 * @param output   output planes, preallocated (complex for C2C and R2C, real for C2R)
 */
public record FftJob(Kind kind, int rows, int inLength, int n, Storage input, Storage output) {

    /** The transform kinds. */
    public enum Kind {
        /** Complex → complex, forward. */
        C2C_FORWARD,
        /** Complex → complex, inverse (scaled by 1/n). */
        C2C_INVERSE,
        /** Real → the n/2 + 1 non-negative frequencies. */
        R2C,
        /**
         * The n/2 + 1 non-negative frequencies of a Hermitian spectrum → real (scaled by 1/n);
         * the imaginary parts of the zero and (even n) Nyquist frequencies are ignored.
         */
        C2R
    }

    /** Elements per output row. */
    public int outLength() {
        return kind == Kind.R2C ? n / 2 + 1 : n;
    }
}

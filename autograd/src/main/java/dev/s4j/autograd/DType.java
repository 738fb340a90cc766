package dev.s4j.autograd;

/**
 * Element type of a {@link Tensor}.
 *
 * <p>Complex tensors are stored planar: one array of real parts and one of imaginary parts, each
 * with the precision of the matching real type ({@code COMPLEX64} = two float32 planes,
 * {@code COMPLEX128} = two float64 planes).
 *
 * <p>Promotion follows PyTorch: float32 with float64 gives float64; real with complex gives
 * complex with the wider of the two precisions (float64 with complex64 gives complex128).
 */
public enum DType {
    FLOAT32(false, false),
    FLOAT64(true, false),
    COMPLEX64(false, true),
    COMPLEX128(true, true);

    private final boolean doublePrecision;
    private final boolean complex;

    DType(boolean doublePrecision, boolean complex) {
        this.doublePrecision = doublePrecision;
        this.complex = complex;
    }

    /** True for FLOAT64 and COMPLEX128, whose planes are {@code double[]}. */
    public boolean isDoublePrecision() {
        return doublePrecision;
    }

    /** True for COMPLEX64 and COMPLEX128. */
    public boolean isComplex() {
        return complex;
    }

    /** The real type of the same precision (COMPLEX64 → FLOAT32). */
    public DType toReal() {
        return of(doublePrecision, false);
    }

    /** The complex type of the same precision (FLOAT64 → COMPLEX128). */
    public DType toComplex() {
        return of(doublePrecision, true);
    }

    /** The type of a result combining {@code a} and {@code b}. */
    public static DType promote(DType a, DType b) {
        return of(a.doublePrecision || b.doublePrecision, a.complex || b.complex);
    }

    /** The type with the given precision and kind. */
    public static DType of(boolean doublePrecision, boolean complex) {
        if (doublePrecision) {
            return complex ? COMPLEX128 : FLOAT64;
        }
        return complex ? COMPLEX64 : FLOAT32;
    }
}

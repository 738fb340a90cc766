package dev.s4j.opencl;

import dev.s4j.autograd.Storage;
import org.jocl.Pointer;

/** The two floating-point precisions a program is built for, and moving planes of each to and from the host. */
enum Precision {
    /** float32 / complex64: {@code real} is {@code float}. */
    SINGLE(4, ""),
    /** float64 / complex128: {@code real} is {@code double}; needs {@code cl_khr_fp64}. */
    DOUBLE(8, "-D S4J_DOUBLE");

    /** Bytes per real number. */
    final int bytes;
    /** Build options that select this precision in the programs. */
    final String option;

    Precision(int bytes, String option) {
        this.bytes = bytes;
        this.option = option;
    }

    /** The precision of a storage's planes. */
    static Precision of(Storage s) {
        return s instanceof Storage.F32 ? SINGLE : DOUBLE;
    }

    /** The dtype name, for messages. */
    String dtypeName() {
        return this == SINGLE ? "float32" : "float64";
    }

    /** A host pointer to the real (or, with {@code imaginary}, imaginary) plane of s, which must be of this precision. */
    Pointer plane(Storage s, boolean imaginary) {
        if (of(s) != this) {
            throw new IllegalArgumentException("a " + s.dtype() + " storage in a " + dtypeName() + " job");
        }
        if (s instanceof Storage.F32 f) {
            return Pointer.to(imaginary ? f.im : f.re);
        }
        Storage.F64 d = (Storage.F64) s;
        return Pointer.to(imaginary ? d.im : d.re);
    }

    /** A host pointer to one scalar of this precision. */
    Pointer scalar(double value) {
        return this == SINGLE ? Pointer.to(new float[] {(float) value}) : Pointer.to(new double[] {value});
    }

    /** A host array of this precision holding {@code values}, as a pointer. */
    Pointer array(double[] values) {
        if (this == DOUBLE) {
            return Pointer.to(values);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Pointer.to(f);
    }
}

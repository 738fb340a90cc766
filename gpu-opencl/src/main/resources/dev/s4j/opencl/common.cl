// Shared definitions, prepended to every program. The host builds each program twice: with
// -D S4J_DOUBLE (real = double) and without (real = float); S4J_FP64 is defined whenever the
// device supports cl_khr_fp64. Complex arrays are planar: separate real and imaginary planes.
#ifdef S4J_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#ifdef S4J_DOUBLE
typedef double real;
#else
typedef float real;
#endif

// Row q of a chunk of hc rows out of every H, starting at row h0: (q / hc)·H + h0 + q % hc.
// With hc = H and h0 = 0 it is q itself.
static inline size_t mapped_row(size_t q, int hc, int H, int h0) {
    return (q / hc) * H + h0 + q % hc;
}

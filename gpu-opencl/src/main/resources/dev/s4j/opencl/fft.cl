// Batched FFTs over rows of planar complex arrays: a radix-2 Stockham transform for powers of
// two, pass by pass (naturally ordered output, no bit reversal), and Bluestein's chirp-z
// transform for other lengths on top of it. tw[j] = exp(−2πi j/n) for j < n/2.

// One Stockham pass for sub-transforms of length p (p = 1, 2, 4, …, n/2) of every row.
// Forward with inverse = 0, unscaled inverse with inverse = 1.
__kernel void fft_radix2(int n, int p, int inverse,
                         __global const real* inRe, __global const real* inIm,
                         __global real* outRe, __global real* outIm,
                         __global const real* twRe, __global const real* twIm) {
    size_t gid = get_global_id(0);
    int mid = n >> 1;
    size_t row = gid / mid;
    int i = (int) (gid - row * mid);
    size_t base = row * n;
    int k = i & (p - 1);
    real ar = inRe[base + i];
    real ai = inIm[base + i];
    real br = inRe[base + i + mid];
    real bi = inIm[base + i + mid];
    int t = k * (mid / p);
    real wr = twRe[t];
    real wi = inverse ? -twIm[t] : twIm[t];
    real cr = br * wr - bi * wi;
    real ci = br * wi + bi * wr;
    int j = ((i - k) << 1) + k;
    outRe[base + j] = ar + cr;
    outIm[base + j] = ai + ci;
    outRe[base + j + p] = ar - cr;
    outIm[base + j + p] = ai - ci;
}

// dst[q, j] = src[row(q), j] for j < copy, 0 up to n; row(q) = mapped_row(q, hc, H, h0); the
// imaginary parts are zero when hasIm = 0 (srcIm is then ignored).
__kernel void load_rows(int n, int inLength, int copy, int hasIm, int hc, int H, int h0,
                        __global const real* srcRe, __global const real* srcIm,
                        __global real* dstRe, __global real* dstIm) {
    size_t gid = get_global_id(0);
    size_t q = gid / n;
    int j = (int) (gid - q * n);
    real re = 0;
    real im = 0;
    if (j < copy) {
        size_t at = mapped_row(q, hc, H, h0) * inLength + j;
        re = srcRe[at];
        im = hasIm ? srcIm[at] : 0;
    }
    dstRe[gid] = re;
    dstIm[gid] = im;
}

// The full length-n spectrum of a real signal from its first `avail` non-negative frequencies
// (rows of inLength): X[n − k] = conj(X[k]); the imaginary parts of X[0] and (even n) X[n/2]
// are ignored, missing frequencies are zero.
__kernel void load_hermitian(int n, int inLength, int avail,
                             __global const real* srcRe, __global const real* srcIm,
                             __global real* dstRe, __global real* dstIm) {
    size_t gid = get_global_id(0);
    size_t q = gid / n;
    int j = (int) (gid - q * n);
    int mid = n / 2;
    int k = j <= mid ? j : n - j;
    real re = 0;
    real im = 0;
    if (k < avail) {
        re = srcRe[q * inLength + k];
        im = srcIm[q * inLength + k];
    }
    if (k == 0 || (n % 2 == 0 && k == mid)) {
        im = 0;
    }
    dstRe[gid] = re;
    dstIm[gid] = j > mid ? -im : im;
}

// dst[row(q), j] = scale · src[q, j] for j < outLength; row(q) = mapped_row(q, hc, H, h0). The
// imaginary plane is written only when writeIm = 1.
__kernel void store_rows(int n, int outLength, int writeIm, int hc, int H, int h0, real scale,
                         __global const real* srcRe, __global const real* srcIm,
                         __global real* dstRe, __global real* dstIm) {
    size_t gid = get_global_id(0);
    size_t q = gid / outLength;
    int j = (int) (gid - q * outLength);
    size_t at = mapped_row(q, hc, H, h0) * outLength + j;
    dstRe[at] = scale * srcRe[q * n + j];
    if (writeIm) {
        dstIm[at] = scale * srcIm[q * n + j];
    }
}

// Bluestein, first step: a[q, j] = x[q, j] · c_j (x conjugated when inverse), zero for n ≤ j < m.
__kernel void chirp_in(int n, int m, int inverse,
                       __global const real* xRe, __global const real* xIm,
                       __global const real* cRe, __global const real* cIm,
                       __global real* aRe, __global real* aIm) {
    size_t gid = get_global_id(0);
    size_t q = gid / m;
    int j = (int) (gid - q * m);
    real re = 0;
    real im = 0;
    if (j < n) {
        real xr = xRe[q * n + j];
        real xi = inverse ? -xIm[q * n + j] : xIm[q * n + j];
        re = xr * cRe[j] - xi * cIm[j];
        im = xr * cIm[j] + xi * cRe[j];
    }
    aRe[gid] = re;
    aIm[gid] = im;
}

// a[q, t] *= f[t] for every row: the product with the chirp filter's spectrum.
__kernel void multiply_rows(int m, __global real* aRe, __global real* aIm,
                            __global const real* fRe, __global const real* fIm) {
    size_t gid = get_global_id(0);
    int t = (int) (gid % m);
    real ar = aRe[gid];
    real ai = aIm[gid];
    aRe[gid] = ar * fRe[t] - ai * fIm[t];
    aIm[gid] = ar * fIm[t] + ai * fRe[t];
}

// Bluestein, last step: X[q, k] = c_k · a[q, k] / m (conjugated when inverse), k < n.
__kernel void chirp_out(int n, int m, int inverse,
                        __global const real* aRe, __global const real* aIm,
                        __global const real* cRe, __global const real* cIm,
                        __global real* xRe, __global real* xIm) {
    size_t gid = get_global_id(0);
    size_t q = gid / n;
    int k = (int) (gid - q * n);
    real ar = aRe[q * m + k] / m;
    real ai = aIm[q * m + k] / m;
    real re = ar * cRe[k] - ai * cIm[k];
    real im = ar * cIm[k] + ai * cRe[k];
    xRe[gid] = re;
    xIm[gid] = inverse ? -im : im;
}

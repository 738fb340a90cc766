// Spectral products of the fused FFT convolution (ConvolutionJob) for one chunk of hc rows h:
// input spectra U[b·hc + h], kernel spectra K[c·hc + h], products and gradient spectra
// P[(b·C + c)·hc + h].

// P[(b·C + c)·hc + h] = U[b·hc + h] · K[c·hc + h]
__kernel void conv_multiply(int C, int hc, int n,
                            __global const real* uRe, __global const real* uIm,
                            __global const real* kRe, __global const real* kIm,
                            __global real* pRe, __global real* pIm) {
    size_t gid = get_global_id(0);
    size_t q = gid / n;
    int t = (int) (gid - q * n);
    int h = (int) (q % hc);
    size_t bc = q / hc;
    int c = (int) (bc % C);
    size_t b = bc / C;
    size_t ui = (b * hc + h) * n + t;
    size_t ki = ((size_t) c * hc + h) * n + t;
    real ur = uRe[ui];
    real um = uIm[ui];
    real kr = kRe[ki];
    real km = kIm[ki];
    pRe[gid] = ur * kr - um * km;
    pIm[gid] = ur * km + um * kr;
}

// out[b·hc + h] = Σ_c G[(b·C + c)·hc + h] · conj(K[c·hc + h]), c in order (input gradient).
__kernel void conv_sum_channels(int C, int hc, int n,
                                __global const real* gRe, __global const real* gIm,
                                __global const real* kRe, __global const real* kIm,
                                __global real* outRe, __global real* outIm) {
    size_t gid = get_global_id(0);
    size_t q = gid / n;
    int t = (int) (gid - q * n);
    int h = (int) (q % hc);
    size_t b = q / hc;
    real accRe = 0;
    real accIm = 0;
    for (int c = 0; c < C; c++) {
        size_t gi = ((b * C + c) * hc + h) * n + t;
        size_t ki = ((size_t) c * hc + h) * n + t;
        real gr = gRe[gi];
        real gm = gIm[gi];
        real kr = kRe[ki];
        real km = -kIm[ki];
        accRe += gr * kr - gm * km;
        accIm += gr * km + gm * kr;
    }
    outRe[gid] = accRe;
    outIm[gid] = accIm;
}

// out[c·hc + h] = Σ_b G[(b·C + c)·hc + h] · conj(U[b·hc + h]), b in order (kernel gradient).
__kernel void conv_sum_batch(int B, int C, int hc, int n,
                             __global const real* gRe, __global const real* gIm,
                             __global const real* uRe, __global const real* uIm,
                             __global real* outRe, __global real* outIm) {
    size_t gid = get_global_id(0);
    size_t q = gid / n;
    int t = (int) (gid - q * n);
    int h = (int) (q % hc);
    int c = (int) (q / hc);
    real accRe = 0;
    real accIm = 0;
    for (int b = 0; b < B; b++) {
        size_t gi = (((size_t) b * C + c) * hc + h) * n + t;
        size_t ui = ((size_t) b * hc + h) * n + t;
        real gr = gRe[gi];
        real gm = gIm[gi];
        real ur = uRe[ui];
        real um = -uIm[ui];
        accRe += gr * ur - gm * um;
        accIm += gr * um + gm * ur;
    }
    outRe[gid] = accRe;
    outIm[gid] = accIm;
}

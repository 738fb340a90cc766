// The real Vandermonde product of S4D (arXiv 2206.11893, §3) and its gradient sums; see
// VandermondeJob and VandermondeKernels. Coefficient rows are (m, r) pairs: row = m·R + r.
// Powers z^ℓ restart every BLOCK steps from z^ℓ₀ = exp(ℓ₀ log z) formed in double precision
// (from log|z| and arg z computed on the host), then advance by one multiplication per step in
// the job's precision, so rounding grows over at most BLOCK steps, not over L. Needs cl_khr_fp64.
#ifdef S4J_FP64
#define BLOCK 32

// c · z^ℓ₀ in the job's precision.
static inline void start_power(double logAbs, double arg, int l0, real cr, real ci, real* pr, real* pi) {
    real br = 1;
    real bi = 0;
    if (l0 > 0) {
        double mag = exp(l0 * logAbs);
        double ang = l0 * arg;
        br = (real) (mag * cos(ang));
        bi = (real) (mag * sin(ang));
    }
    *pr = cr * br - ci * bi;
    *pi = cr * bi + ci * br;
}

// out[row, ℓ] = 2 Re Σ_n c[row, n] z[r, n]^ℓ, one work item per (row, block of BLOCK positions).
__kernel void vandermonde_forward(int R, int N, int L, int blocks,
                                  __global const real* cRe, __global const real* cIm,
                                  __global const real* zRe, __global const real* zIm,
                                  __global const double* zLogAbs, __global const double* zArg,
                                  __global real* out) {
    size_t gid = get_global_id(0);
    size_t row = gid / blocks;
    int l0 = (int) (gid - row * blocks) * BLOCK;
    int count = min(BLOCK, L - l0);
    int r = (int) (row % R);
    real acc[BLOCK];
    for (int t = 0; t < BLOCK; t++) {
        acc[t] = 0;
    }
    for (int j = 0; j < N; j++) {
        size_t zi = (size_t) r * N + j;
        real pr;
        real pi;
        start_power(zLogAbs[zi], zArg[zi], l0, cRe[row * N + j], cIm[row * N + j], &pr, &pi);
        real zr = zRe[zi];
        real zim = zIm[zi];
        for (int t = 0; t < count; t++) {
            acc[t] += 2 * pr;
            real next = pr * zr - pi * zim;
            pi = pr * zim + pi * zr;
            pr = next;
        }
    }
    for (int t = 0; t < count; t++) {
        out[row * L + l0 + t] = acc[t];
    }
}

// Partial sums over one chunk of positions, per (row, n): T = Σ g_ℓ z^ℓ, V = Σ ℓ g_ℓ z^ℓ.
// part[(chunk · rows·N + row·N + n) · 4 + (T re, T im, V re, V im)].
__kernel void vandermonde_sums(int R, int N, int L, int chunkLength, int rowsTimesN,
                               __global const real* zRe, __global const real* zIm,
                               __global const double* zLogAbs, __global const double* zArg,
                               __global const real* g, __global real* part) {
    size_t gid = get_global_id(0);
    size_t item = gid % rowsTimesN;
    int chunk = (int) (gid / rowsTimesN);
    size_t row = item / N;
    int j = (int) (item - row * N);
    size_t zi = (size_t) (row % R) * N + j;
    real zr = zRe[zi];
    real zim = zIm[zi];
    double logAbs = zLogAbs[zi];
    double arg = zArg[zi];
    int from = chunk * chunkLength;
    int to = min(L, from + chunkLength);
    real tr = 0;
    real ti = 0;
    real vr = 0;
    real vi = 0;
    for (int l0 = from; l0 < to; l0 += BLOCK) {
        real pr;
        real pi;
        start_power(logAbs, arg, l0, 1, 0, &pr, &pi);
        int end = min(to, l0 + BLOCK);
        for (int k = l0; k < end; k++) {
            real gk = g[row * L + k];
            tr += gk * pr;
            ti += gk * pi;
            vr += k * gk * pr;
            vi += k * gk * pi;
            real next = pr * zr - pi * zim;
            pi = pr * zim + pi * zr;
            pr = next;
        }
    }
    part[gid * 4] = tr;
    part[gid * 4 + 1] = ti;
    part[gid * 4 + 2] = vr;
    part[gid * 4 + 3] = vi;
}
#endif

// The Cauchy kernel of S4 (arXiv 2111.00396, §3.3) and its gradient sums; see CauchyJob and
// CauchyKernels for the definitions. Numerator rows are (m, r) pairs: row = m·R + r.

// out[row, l] = Σ_n v[row, n] / (z[l] − w[r, n])  (+ conj(v) / (z − conj(w)) with pairs)
__kernel void cauchy_forward(int R, int N, int L, int zShared, int pairs,
                             __global const real* vRe, __global const real* vIm,
                             __global const real* wRe, __global const real* wIm,
                             __global const real* zRe, __global const real* zIm,
                             __global real* outRe, __global real* outIm) {
    size_t gid = get_global_id(0);
    size_t row = gid / L;
    int k = (int) (gid - row * L);
    int r = (int) (row % R);
    size_t zi = (zShared ? 0 : (size_t) r * L) + k;
    real zr = zRe[zi];
    real zim = zIm[zi];
    real accRe = 0;
    real accIm = 0;
    size_t vb = row * N;
    size_t wb = (size_t) r * N;
    for (int j = 0; j < N; j++) {
        real wr = wRe[wb + j];
        real wi = wIm[wb + j];
        real vr = vRe[vb + j];
        real vi = vIm[vb + j];
        real dr = zr - wr;
        real di = zim - wi;
        real s = 1 / (dr * dr + di * di);
        real ar = dr * s;
        real ai = -di * s;
        accRe += vr * ar - vi * ai;
        accIm += vr * ai + vi * ar;
        if (pairs) {
            real ei = zim + wi;
            real t = 1 / (dr * dr + ei * ei);
            real br = dr * t;
            real bi = -ei * t;
            accRe += vr * br + vi * bi;
            accIm += vr * bi - vi * br;
        }
    }
    outRe[gid] = accRe;
    outIm[gid] = accIm;
}

// Partial pole sums over one chunk of the points, per (row, n):
//   S1(p) = Σ_l conj(g_l)/(z_l − p),  S2(p) = Σ_l conj(g_l)/(z_l − p)²  at p = w (and p = conj(w)).
// part[(chunk · rows·N + row·N + n) · 8 + s], s as in CauchyKernels.assemble.
__kernel void cauchy_pole_sums(int R, int N, int L, int zShared, int pairs, int chunkLength, int rowsTimesN,
                               __global const real* wRe, __global const real* wIm,
                               __global const real* zRe, __global const real* zIm,
                               __global const real* gRe, __global const real* gIm,
                               __global real* part) {
    size_t gid = get_global_id(0);
    size_t item = gid % rowsTimesN;
    int chunk = (int) (gid / rowsTimesN);
    size_t row = item / N;
    int j = (int) (item - row * N);
    int r = (int) (row % R);
    real pr = wRe[(size_t) r * N + j];
    real pi = wIm[(size_t) r * N + j];
    size_t zb = zShared ? 0 : (size_t) r * L;
    size_t gb = row * L;
    int from = chunk * chunkLength;
    int to = min(L, from + chunkLength);
    real s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int k = from; k < to; k++) {
        real zr = zRe[zb + k];
        real zim = zIm[zb + k];
        real gr = gRe[gb + k];
        real gi = -gIm[gb + k];
        for (int c = 0; c < (pairs ? 2 : 1); c++) {
            real dr = zr - pr;
            real di = zim - (c == 0 ? pi : -pi);
            real t = 1 / (dr * dr + di * di);
            real ir = dr * t;
            real ii = -di * t;
            real qr = ir * ir - ii * ii;
            real qi = 2 * ir * ii;
            s[4 * c] += gr * ir - gi * ii;
            s[4 * c + 1] += gr * ii + gi * ir;
            s[4 * c + 2] += gr * qr - gi * qi;
            s[4 * c + 3] += gr * qi + gi * qr;
        }
    }
    for (int c = 0; c < 8; c++) {
        part[gid * 8 + c] = s[c];
    }
}

// out[i] = Σ_{c < chunks} part[c · count + i], in chunk order.
__kernel void sum_chunks(int chunks, int count, __global const real* part, __global real* out) {
    size_t i = get_global_id(0);
    real acc = 0;
    for (int c = 0; c < chunks; c++) {
        acc += part[(size_t) c * count + i];
    }
    out[i] = acc;
}

// gz[zr, l] = −Σ_{m, rows sharing z} g · conj(Σ_n v/(z − w)² [+ conj(v)/(z − conj(w))²])
__kernel void cauchy_grad_z(int M, int R, int N, int L, int zRows, int pairs,
                            __global const real* vRe, __global const real* vIm,
                            __global const real* wRe, __global const real* wIm,
                            __global const real* zRe, __global const real* zIm,
                            __global const real* gRe, __global const real* gIm,
                            __global real* gzRe, __global real* gzIm) {
    size_t item = get_global_id(0);
    int zr = (int) (item / L);
    int k = (int) (item - (size_t) zr * L);
    real zRe0 = zRe[item];
    real zIm0 = zIm[item];
    real accRe = 0;
    real accIm = 0;
    int r0 = zRows == 1 ? 0 : zr;
    int r1 = zRows == 1 ? R : zr + 1;
    for (int r = r0; r < r1; r++) {
        for (int m = 0; m < M; m++) {
            real tr = 0;
            real ti = 0;
            size_t vb = ((size_t) m * R + r) * N;
            for (int j = 0; j < N; j++) {
                real wr = wRe[(size_t) r * N + j];
                real wi = wIm[(size_t) r * N + j];
                real vr = vRe[vb + j];
                real vi = vIm[vb + j];
                for (int c = 0; c < (pairs ? 2 : 1); c++) {
                    real dr = zRe0 - wr;
                    real di = zIm0 - (c == 0 ? wi : -wi);
                    real ur = vr;
                    real ui = c == 0 ? vi : -vi;
                    real t = 1 / (dr * dr + di * di);
                    real ir = dr * t;
                    real ii = -di * t;
                    real qr = ir * ir - ii * ii;
                    real qi = 2 * ir * ii;
                    tr += ur * qr - ui * qi;
                    ti += ur * qi + ui * qr;
                }
            }
            size_t gi = ((size_t) m * R + r) * L + k;
            real gr = gRe[gi];
            real gim = gIm[gi];
            accRe -= gr * tr + gim * ti;
            accIm -= gim * tr - gr * ti;
        }
    }
    gzRe[item] = accRe;
    gzIm[item] = accIm;
}

package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;

/**
 * The Cauchy kernel in canonical form (S4, arXiv 2111.00396, §3.3 and Appendix C.3):
 * <pre>
 *   out[m, r, l] = Σ_n v[m, r, n] / (z[r, l] − w[r, n])
 *                  (+ conj(v[m, r, n]) / (z[r, l] − conj(w[r, n])) when conjugatePairs)
 * </pre>
 * for {@code m < M} numerators sharing the poles {@code w} of row {@code r < R}, at
 * {@code L} evaluation points per row ({@code z} has one row shared by all rows when
 * {@code zRows == 1}, else one per row). All storages are complex and of one precision.
 *
 * @param m              numerators per row (M)
 * @param r              rows (R)
 * @param n              poles per row (N)
 * @param l              evaluation points (L)
 * @param zRows          1 (shared z) or R
 * @param conjugatePairs also sum the conjugate terms (a real SSM keeps one of each pair)
 * @param v              (M, R, N)
 * @param w              (R, N)
 * @param z              (zRows, L)
 */
public record CauchyJob(int m, int r, int n, int l, int zRows, boolean conjugatePairs,
                        Storage v, Storage w, Storage z) {
}

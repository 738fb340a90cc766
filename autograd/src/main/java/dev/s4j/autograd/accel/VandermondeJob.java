package dev.s4j.autograd.accel;

import dev.s4j.autograd.Storage;

/**
 * The real Vandermonde product of a diagonal SSM with conjugate-pair modes (S4D, arXiv
 * 2206.11893, §3):
 * <pre>
 *   out[m, r, ℓ] = 2 Re Σ_n c[m, r, n] · z[r, n]^ℓ,   ℓ = 0 … L−1
 * </pre>
 * for M coefficient rows sharing the bases z of each of R rows.
 *
 * @param m numerators per row
 * @param r rows
 * @param n modes per row (stored members of conjugate pairs)
 * @param l output length
 * @param c complex (M, R, N), the output's precision
 * @param z complex (R, N), of c's precision or float64
 */
public record VandermondeJob(int m, int r, int n, int l, Storage c, Storage z) {
}

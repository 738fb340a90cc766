package dev.s4j.ssm.kernel;

import dev.s4j.ssm.hippo.HippoMeasure;
import dev.s4j.ssm.hippo.Nplr;

/**
 * Initializations of a diagonal state matrix (S4D, arXiv 2206.11893, §4), for N/2 stored modes
 * n = 0 … N/2 − 1:
 * <ul>
 *   <li>LEGS: the diagonal part Λ of HiPPO-LegS's NPLR form (and its B̃);</li>
 *   <li>LIN: λ_n = −½ + iπn, B = 1;</li>
 *   <li>INV: λ_n = −½ + i(N/π)(N/(2n+1) − 1), B = 1.</li>
 * </ul>
 */
public enum DiagonalInit {
    LEGS,
    LIN,
    INV;

    /**
     * λ and B for state size n (even): {re λ, im λ, re B, im B}, each of length n/2. Under the
     * {@link InitConvention#OFFICIAL} convention LegS's B̃ is clipped as the official code clips it
     * and |Im λ| is at least 1e-4.
     */
    double[][] values(int n, InitConvention convention) {
        int half = n / 2;
        boolean official = convention == InitConvention.OFFICIAL;
        double[][] v = new double[4][half];
        if (this == LEGS) {
            Nplr nplr = Nplr.of(HippoMeasure.LEGS, n);
            if (official) {
                nplr = nplr.officialBasis(NplrKernel.OFFICIAL_B_CLIP);
            }
            v = new double[][] {nplr.lambdaRe(), nplr.lambdaIm(), nplr.bRe(), nplr.bIm()};
        } else {
            for (int k = 0; k < half; k++) {
                v[0][k] = -0.5;
                v[1][k] = this == LIN ? Math.PI * k : (n / Math.PI) * (n / (2.0 * k + 1) - 1);
                v[2][k] = 1;
            }
        }
        for (int k = 0; official && k < half; k++) {
            v[1][k] = Math.max(v[1][k], NplrKernel.OFFICIAL_MIN_IMAG);
        }
        return v;
    }
}

package dev.s4j.ssm.hippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The diagonalized NPLR form reconstructs A, with V unitary and conjugate pairs intact (S4 Theorem 1). */
class NplrTest {

    @ParameterizedTest(name = "{0} N={1}, official basis {2}")
    @CsvSource({"LEGS, 2, false", "LEGS, 4, false", "LEGS, 64, false", "LEGS, 256, false", "LEGS, 1024, false", "LEGT, 2, false",
        "LEGT, 64, false", "LEGT, 256, false", "LAGT, 64, false", "LAGT, 256, false", "FOUT, 64, false", "FOUT, 256, false",
        "LEGS, 64, true", "LEGT, 64, true", "FOUT, 64, true"})
    void reconstructsAWithAUnitaryBasis(HippoMeasure measure, int n, boolean officialBasis) {
        Nplr nplr = officialBasis ? Nplr.of(measure, n).officialBasis(Double.POSITIVE_INFINITY) : Nplr.of(measure, n);
        Hippo.Matrices m = Hippo.of(measure, n);
        int half = n / 2;
        ZMatrixRMaj v = new ZMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                v.set(i, k, nplr.vRe()[i][k], nplr.vIm()[i][k]);
            }
        }
        // V*V = I
        ZMatrixRMaj vhv = new ZMatrixRMaj(n, n);
        CommonOps_ZDRM.multTransA(v, v, vhv);
        double unitary = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                unitary = Math.max(unitary, Math.hypot(vhv.getReal(i, k) - (i == k ? 1 : 0), vhv.getImag(i, k)));
            }
        }
        assertTrue(unitary <= 1e-12, "‖V*V − I‖ = " + unitary);
        // M = diag(Λ, Λ̄) − P̃ P̃* over the full basis; V M V* = A
        ZMatrixRMaj full = new ZMatrixRMaj(n, n);
        double[][] pr = new double[nplr.rank()][n];
        double[][] pi = new double[nplr.rank()][n];
        for (int j = 0; j < nplr.rank(); j++) {
            for (int k = 0; k < half; k++) {
                pr[j][k] = nplr.pRe()[j][k];
                pi[j][k] = nplr.pIm()[j][k];
                pr[j][k + half] = nplr.pRe()[j][k];
                pi[j][k + half] = -nplr.pIm()[j][k];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < nplr.rank(); j++) {
                    // −P_i conj(P_k)
                    re -= pr[j][i] * pr[j][k] + pi[j][i] * pi[j][k];
                    im -= pi[j][i] * pr[j][k] - pr[j][i] * pi[j][k];
                }
                if (i == k) {
                    re += nplr.lambdaRe()[i % half];
                    im += i < half ? nplr.lambdaIm()[i] : -nplr.lambdaIm()[i - half];
                }
                full.set(i, k, re, im);
            }
        }
        ZMatrixRMaj vm = new ZMatrixRMaj(n, n);
        ZMatrixRMaj rec = new ZMatrixRMaj(n, n);
        CommonOps_ZDRM.mult(v, full, vm);
        CommonOps_ZDRM.multTransB(vm, v, rec);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double dr = rec.getReal(i, k) - m.a()[i][k];
                num += dr * dr + rec.getImag(i, k) * rec.getImag(i, k);
                den += m.a()[i][k] * m.a()[i][k];
            }
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel <= 1e-12, "‖V(Λ − P̃P̃*)V* − A‖/‖A‖ = " + rel);
        // B̃ = V*B: the kept half and its conjugates give back B
        for (int i = 0; i < n; i++) {
            double re = 0;
            for (int k = 0; k < half; k++) {
                re += 2 * (v.getReal(i, k) * nplr.bRe()[k] - v.getImag(i, k) * nplr.bIm()[k]);
            }
            assertEquals(m.b()[i], re, 1e-10 * Math.max(1, Math.abs(m.b()[i])), "B row " + i);
        }
        for (int k = 0; k < half; k++) {
            assertTrue(nplr.lambdaIm()[k] >= 0, "kept eigenvalues have Im λ ≥ 0");
        }
    }

    @ParameterizedTest
    @CsvSource({"LEGS, -0.5", "LAGT, -0.5", "LEGT, 0", "FOUT, 0"})
    void realPartsOfTheEigenvaluesAreTheNormalShift(HippoMeasure measure, double shift) {
        Nplr nplr = Nplr.of(measure, 32);
        for (double re : nplr.lambdaRe()) {
            assertEquals(shift, re, 1e-12);
        }
    }

    @ParameterizedTest
    @CsvSource({"3", "7"})
    void oddSizesAreRefused(int n) {
        Hippo.Matrices m = Hippo.of(HippoMeasure.LEGS, n);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Nplr.decompose(m.a(), m.b(), Hippo.lowRank(HippoMeasure.LEGS, n, 1)));
        assertTrue(e.getMessage().contains("even"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"8"})
    void aWrongLowRankFactorIsRefused(int n) {
        Hippo.Matrices m = Hippo.of(HippoMeasure.LEGS, n);
        double[][] wrong = Hippo.lowRank(HippoMeasure.LAGT, n, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nplr.decompose(m.a(), m.b(), wrong));
        assertTrue(e.getMessage().contains("skew"), e.getMessage());
    }

    /**
     * The official code's LegS form at N = 64 ({@code resources/official/make_nplr.py}): in the
     * basis whose eigenvectors start with a real entry, s4j's B̃ clipped at ±2 and P̃ are the
     * official ones up to the conjugate (s4j keeps Im λ &gt; 0, the official code Im λ &lt; 0) and a
     * sign per mode (LAPACK's choice of direction, which leaves Λ − P̃P̃* and the clip alone).
     */
    @org.junit.jupiter.api.Test
    void theOfficialBasisGivesTheOfficialClippedB() throws Exception {
        double[] o = dev.s4j.autograd.io.Npy.read(java.nio.file.Path.of(NplrTest.class.getResource("/official/nplr-legs-64.npy").toURI()))
                .values();                                            // (6, 32): Re W, Im W, Re B, Im B, Re P, Im P
        Nplr exact = Nplr.of(HippoMeasure.LEGS, 64);
        Nplr ours = exact.officialBasis(2);
        int clipped = 0;
        for (int k = 0; k < 32; k++) {
            double tol = 2e-6 * Math.max(1, Math.abs(o[64 + k]) + Math.abs(o[96 + k]) + Math.abs(o[128 + k]) + Math.abs(o[160 + k]));
            assertEquals(o[k], ours.lambdaRe()[k], 1e-6, "Re λ " + k);
            assertEquals(-o[32 + k], ours.lambdaIm()[k], 1e-6 * Math.max(1, Math.abs(o[32 + k])), "Im λ " + k);
            double sign = Math.signum(ours.pRe()[0][k] * o[128 + k] - ours.pIm()[0][k] * o[160 + k]);
            assertEquals(sign * o[64 + k], ours.bRe()[k], tol, "Re B̃ " + k);
            assertEquals(-sign * o[96 + k], ours.bIm()[k], tol, "Im B̃ " + k);
            assertEquals(sign * o[128 + k], ours.pRe()[0][k], tol, "Re P̃ " + k);
            assertEquals(-sign * o[160 + k], ours.pIm()[0][k], tol, "Im P̃ " + k);
            clipped += Math.hypot(exact.bRe()[k], exact.bIm()[k]) - Math.hypot(ours.bRe()[k], ours.bIm()[k]) > 1e-9 ? 1 : 0;
        }
        assertEquals(11, clipped, "the clip changes the 11 fastest modes");
    }
}

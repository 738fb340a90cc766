package dev.s4j.ssm.kernel;

/**
 * Whose initialization a kernel starts from. Both describe the same model family; they differ in
 * the random start, which changes training.
 * <ul>
 *   <li>{@link #EXACT}: the HiPPO values as derived (B̃ = V*B unclipped), the output matrix drawn
 *       as C̃ ~ CN(0, 1) directly;</li>
 *   <li>{@link #OFFICIAL}: as the official code's full S4 layer ({@code models/s4/s4.py}) starts:
 *       Im B̃ clipped to ±2 in the eigenvector basis whose first entries are real (LegS and S4D-LegS),
 *       the raw C ~ CN(0, 1) drawn and converted to C̃ = C(I − Ā^L) at the first length L the
 *       kernel is used at (S4), and |Im λ| ≥ 1e-4 (S4D-Lin's mode 0).</li>
 * </ul>
 */
public enum InitConvention {
    EXACT,
    OFFICIAL
}

package dev.s4j.ssm.hippo;

/**
 * The HiPPO measures (HiPPO, arXiv 2008.07669; "How to Train Your HiPPO", arXiv 2206.12037): which
 * window of the input history the state summarizes, and in which orthonormal basis.
 */
public enum HippoMeasure {
    /** Scaled Legendre: the whole history [0, t], uniformly weighted, Legendre basis (time-varying ODE). */
    LEGS,
    /** Translated Legendre: a sliding window [t − θ, t], Legendre basis. */
    LEGT,
    /** Translated Laguerre: all history, weighted by e^{−(t − s)}, Laguerre basis. */
    LAGT,
    /** Translated Fourier: a sliding window [t − θ, t], Fourier basis. */
    FOUT
}

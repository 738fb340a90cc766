package dev.s4j.autograd.nn;

/**
 * Per-parameter overrides an optimizer applies on top of its group settings. S4 gives its state
 * space parameters (Λ, P, B, Δ) their own learning rate and no weight decay (S4 Appendix D).
 *
 * @param learningRate learning rate for this parameter, or null to use the group's
 * @param weightDecay  weight decay for this parameter, or null to use the group's
 */
public record OptimHints(Double learningRate, Double weightDecay) {
    /** No overrides. */
    public static final OptimHints NONE = new OptimHints(null, null);
}

package dev.s4j.ssm.kernel;

/**
 * The recurrent view of a discretized SSM (S4 §2.3, §3.3): {@code x_k = Ā x_{k−1} + B̄ u_k},
 * {@code y_k = C x_k}, for every channel and batch entry, on plain arrays (inference only: no
 * gradients), in the model's precision. An instance is a snapshot of the parameters it was built
 * from. Inputs and outputs are float64 arrays either way.
 */
public interface Recurrence {

    /** H. */
    int width();

    /** C: output channels. */
    int channels();

    /** N: state values per state space. */
    int stateSize();

    /** True if the state is complex. */
    boolean complexState();

    /** True if the state is float32 (the step of a float32 model, in float32 arithmetic); false for float64. */
    default boolean singlePrecisionState() {
        return false;
    }

    /** A zero state for {@code batch} sequences. */
    default RecurrentState zeroState(int batch) {
        return new RecurrentState(batch, width(), stateSize(), complexState(), singlePrecisionState());
    }

    /**
     * Advances {@code state} by one input and writes the outputs.
     *
     * @param u     inputs {@code (B, H)} row-major, B = state.batch()
     * @param state updated in place
     * @param y     outputs {@code (B, C, H)} row-major (without any skip term D·u)
     */
    void step(double[] u, RecurrentState state, double[] y);

    /**
     * L steps at once: the outputs at every position of a chunk, {@code (B, L, C, H)}, from inputs
     * {@code (B, L, H)} (both position-major), advancing {@code state} past the chunk. The same
     * values as L calls of {@link #step}; an implementation may order the work differently (a
     * diagonal state runs through the whole chunk in registers).
     */
    default void steps(double[] u, int length, RecurrentState state, double[] y) {
        int batch = state.batch();
        int h = width();
        int ch = channels() * h;
        double[] ut = new double[batch * h];
        double[] yt = new double[batch * ch];
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(u, (b * length + t) * h, ut, b * h, h);
            }
            step(ut, state, yt);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(yt, b * ch, y, (b * length + t) * ch, ch);
            }
        }
    }

    /**
     * Advances {@code state} over a chunk of L inputs without computing outputs:
     * {@code x_L = Ā^L x_0 + Σ_k Ā^{L−1−k} B̄ u_k}.
     *
     * @param u      inputs {@code (B, H, L)} row-major, B = state.batch()
     * @param length L
     * @param state  updated in place
     */
    void advance(double[] u, int length, RecurrentState state);
}

package dev.s4j.ssm.kernel;

import dev.s4j.autograd.kernel.ComplexRows;
import dev.s4j.autograd.kernel.StepKernels;
import java.util.Arrays;

/**
 * What the three recurrences share: H state spaces of N state values each, C output channels,
 * whether the state is complex, and for a complex mode-major state the inner products
 * {@code Re Σ_n c_n x_n} (so the output {@code y = 2 Re Σ_{n < N/2} C_n x_n} of a state whose
 * conjugate partners are implicit), in the state's precision.
 */
abstract class AbstractRecurrence implements Recurrence {
    final int width;
    final int channels;
    final int stateSize;
    private final boolean complexState;

    AbstractRecurrence(int width, int channels, int stateSize, boolean complexState) {
        this.width = width;
        this.channels = channels;
        this.stateSize = stateSize;
        this.complexState = complexState;
    }

    @Override
    public final int width() {
        return width;
    }

    @Override
    public final int channels() {
        return channels;
    }

    @Override
    public final int stateSize() {
        return stateSize;
    }

    @Override
    public final boolean complexState() {
        return complexState;
    }

    /**
     * {@code out[o0 + h] = Re Σ_n c_n x_n} (conj(c) if asked) for the state spaces h ∈ [h0, h1) of
     * the complex state (N/2, H) at {@code x0}, with c the mode-major row from {@code row0} of
     * {@code c}. A float32 state sums in float32 into {@code f[s0 + h]} first.
     */
    final void realProducts(ComplexRows c, int row0, boolean conjugate, RecurrentState state, int x0, int h0, int h1,
                            float[] f, int s0, double[] out, int o0) {
        if (state.isSinglePrecision()) {
            Arrays.fill(f, s0 + h0, s0 + h1, 0f);
            StepKernels.accumulateProducts(c, row0, conjugate, state.re32, state.im32, x0, stateSize, width, h0, h1, f, s0);
            for (int h = h0; h < h1; h++) {
                out[o0 + h] = f[s0 + h];
            }
        } else {
            Arrays.fill(out, o0 + h0, o0 + h1, 0);
            StepKernels.accumulateProducts(c, row0, conjugate, state.re, state.im, x0, stateSize, width, h0, h1, out, o0);
        }
    }
}

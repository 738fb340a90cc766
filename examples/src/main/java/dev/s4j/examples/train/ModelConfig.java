package dev.s4j.examples.train;

import dev.s4j.ssm.kernel.InitConvention;

/**
 * The model: a {@link dev.s4j.ssm.model.Backbone} of residual S4 blocks (pre-norm LayerNorm,
 * GELU, GLU output map).
 *
 * @param kernel    SSM kernel of every block
 * @param layers    residual blocks
 * @param width     H, the model width
 * @param stateSize N, the state size of each SSM
 * @param dropout   dropout after each block's activation
 * @param ssmLr     learning rate of the SSM parameters (Λ, P, B, Δ), which get no weight decay
 * @param init      s4j's exact initialization or the official code's (S4 and S4D only; null, as in configs written
 *                  before the option: EXACT)
 */
public record ModelConfig(KernelKind kernel, int layers, int width, int stateSize, double dropout, double ssmLr,
                          InitConvention init) {

    public ModelConfig {
        init = init == null ? InitConvention.EXACT : init;
        if (kernel == KernelKind.LSSL && init != InitConvention.EXACT) {
            throw new IllegalArgumentException("model: the official initialization applies to the s4 and s4d kernels, not lssl");
        }
        if (kernel == null) {
            throw new IllegalArgumentException("model: no kernel kind");
        }
        if (layers < 1 || width < 1 || stateSize < 1) {
            throw new IllegalArgumentException("model: layers, width and state size must be positive, got " + layers + ", "
                    + width + " and " + stateSize);
        }
        if (kernel != KernelKind.LSSL && stateSize % 2 != 0) {
            throw new IllegalArgumentException("model: the " + kernel.id() + " state size must be even (conjugate pairs), got "
                    + stateSize);
        }
        if (!(dropout >= 0 && dropout < 1) || !(ssmLr > 0)) {
            throw new IllegalArgumentException("model: dropout must be in [0, 1) and the SSM learning rate positive, got "
                    + dropout + " and " + ssmLr);
        }
    }

    /** The default model: 4 S4 layers, H = 64, N = 64, no dropout, SSM learning rate 0.001, the official initialization. */
    public static ModelConfig defaults() {
        return new ModelConfig(KernelKind.S4, 4, 64, 64, 0, 0.001, InitConvention.OFFICIAL);
    }

    /** A copy with kernel replaced. */
    public ModelConfig withKernel(KernelKind v) {
        return new ModelConfig(v, layers, width, stateSize, dropout, ssmLr, init);
    }

    /** A copy with layers replaced. */
    public ModelConfig withLayers(int v) {
        return new ModelConfig(kernel, v, width, stateSize, dropout, ssmLr, init);
    }

    /** A copy with width replaced. */
    public ModelConfig withWidth(int v) {
        return new ModelConfig(kernel, layers, v, stateSize, dropout, ssmLr, init);
    }

    /** A copy with stateSize replaced. */
    public ModelConfig withStateSize(int v) {
        return new ModelConfig(kernel, layers, width, v, dropout, ssmLr, init);
    }

    /** A copy with dropout replaced. */
    public ModelConfig withDropout(double v) {
        return new ModelConfig(kernel, layers, width, stateSize, v, ssmLr, init);
    }

    /** A copy with ssmLr replaced. */
    public ModelConfig withSsmLr(double v) {
        return new ModelConfig(kernel, layers, width, stateSize, dropout, v, init);
    }

    /** A copy with init replaced. */
    public ModelConfig withInit(InitConvention v) {
        return new ModelConfig(kernel, layers, width, stateSize, dropout, ssmLr, v);
    }
}

package dev.s4j.examples.train;

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
 */
public record ModelConfig(KernelKind kernel, int layers, int width, int stateSize, double dropout, double ssmLr) {

    public ModelConfig {
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

    /** The default model: 4 S4 layers, H = 64, N = 64, no dropout, SSM learning rate 0.001. */
    public static ModelConfig defaults() {
        return new ModelConfig(KernelKind.S4, 4, 64, 64, 0, 0.001);
    }

    /** A copy with kernel replaced. */
    public ModelConfig withKernel(KernelKind v) {
        return new ModelConfig(v, layers, width, stateSize, dropout, ssmLr);
    }

    /** A copy with layers replaced. */
    public ModelConfig withLayers(int v) {
        return new ModelConfig(kernel, v, width, stateSize, dropout, ssmLr);
    }

    /** A copy with width replaced. */
    public ModelConfig withWidth(int v) {
        return new ModelConfig(kernel, layers, v, stateSize, dropout, ssmLr);
    }

    /** A copy with stateSize replaced. */
    public ModelConfig withStateSize(int v) {
        return new ModelConfig(kernel, layers, width, v, dropout, ssmLr);
    }

    /** A copy with dropout replaced. */
    public ModelConfig withDropout(double v) {
        return new ModelConfig(kernel, layers, width, stateSize, v, ssmLr);
    }

    /** A copy with ssmLr replaced. */
    public ModelConfig withSsmLr(double v) {
        return new ModelConfig(kernel, layers, width, stateSize, dropout, v);
    }
}

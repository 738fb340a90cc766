package dev.s4j.ssm.model;

import dev.s4j.ssm.layer.BlockSpec;

/**
 * Configuration of a {@link Backbone}. Defaults: 4 layers of width 128, pre-norm LayerNorm,
 * residual dropout 0, mean pooling, default S4 blocks.
 *
 * @param inputSize  features per input position
 * @param width      H, channels of every layer
 * @param layers     residual S4 blocks
 * @param outputSize features per output (classes for classification)
 * @param block      configuration of each S4 block
 * @param norm       normalization in each residual block
 * @param prenorm    normalize before the block (x + f(norm(x))) rather than after (norm(x + f(x)))
 * @param dropout    residual dropout probability
 * @param pooling    how positions are reduced before the decoder
 * @param tiedDropout residual dropout drops a channel at every position of a sequence at once
 *                    (PyTorch's {@code Dropout1d}, as the official example.py), not single elements
 */
public record BackboneSpec(int inputSize, int width, int layers, int outputSize, BlockSpec block, Norm norm, boolean prenorm,
                           double dropout, Pooling pooling, boolean tiedDropout) {

    public BackboneSpec {
        if (inputSize < 1 || width < 1 || layers < 0 || outputSize < 1) {
            throw new IllegalArgumentException("BackboneSpec: sizes must be positive (layers ≥ 0), got input " + inputSize
                    + ", width " + width + ", layers " + layers + ", output " + outputSize);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("BackboneSpec: dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The defaults for the given input and output sizes. */
    public static BackboneSpec of(int inputSize, int outputSize) {
        return new BackboneSpec(inputSize, 128, 4, outputSize, BlockSpec.defaults(), Norm.LAYER, true, 0, Pooling.MEAN, false);
    }

    /** A copy with width replaced. */
    public BackboneSpec withWidth(int v) {
        return new BackboneSpec(inputSize, v, layers, outputSize, block, norm, prenorm, dropout, pooling, tiedDropout);
    }

    /** A copy with layers replaced. */
    public BackboneSpec withLayers(int v) {
        return new BackboneSpec(inputSize, width, v, outputSize, block, norm, prenorm, dropout, pooling, tiedDropout);
    }

    /** A copy with block replaced. */
    public BackboneSpec withBlock(BlockSpec v) {
        return new BackboneSpec(inputSize, width, layers, outputSize, v, norm, prenorm, dropout, pooling, tiedDropout);
    }

    /** A copy with norm replaced. */
    public BackboneSpec withNorm(Norm v) {
        return new BackboneSpec(inputSize, width, layers, outputSize, block, v, prenorm, dropout, pooling, tiedDropout);
    }

    /** A copy with prenorm replaced. */
    public BackboneSpec withPrenorm(boolean v) {
        return new BackboneSpec(inputSize, width, layers, outputSize, block, norm, v, dropout, pooling, tiedDropout);
    }

    /** A copy with dropout replaced. */
    public BackboneSpec withDropout(double v) {
        return new BackboneSpec(inputSize, width, layers, outputSize, block, norm, prenorm, v, pooling, tiedDropout);
    }

    /** A copy with pooling replaced. */
    public BackboneSpec withPooling(Pooling v) {
        return new BackboneSpec(inputSize, width, layers, outputSize, block, norm, prenorm, dropout, v, tiedDropout);
    }

    /** A copy with tiedDropout replaced. */
    public BackboneSpec withTiedDropout(boolean v) {
        return new BackboneSpec(inputSize, width, layers, outputSize, block, norm, prenorm, dropout, pooling, v);
    }
}

package dev.s4j.examples.gen;

import dev.s4j.examples.data.PixelTokens;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import dev.s4j.ssm.serve.Predictor;
import dev.s4j.ssm.serve.StreamSession;
import java.util.function.IntConsumer;

/**
 * Completes images pixel by pixel with a model trained on mnist-gen ({@link PixelTokens}: the
 * input at position t is pixel t − 1, the output the distribution of pixel t). Two ways that give
 * the same pixels (to rounding): the recurrent view (S4 §3.4) — the prefix through
 * {@link StreamSession#prefill}, then one step per new pixel at a cost independent of the position
 * — and, for comparison, recomputing the convolutional view over the whole sequence so far for
 * every new pixel, whose cost grows with the position.
 */
public final class Completer {
    private final Predictor model;

    /** How the next level is chosen from the logits at a position. */
    @FunctionalInterface
    public interface Pick {
        /** The level for {@code logits} (256 values). */
        int next(float[] logits);
    }

    /**
     * @throws IllegalArgumentException when {@code model} is not a generative pixel model (a
     *                                  classifier, say), naming what it is
     */
    public Completer(Predictor model) {
        BackboneSpec s = model.spec();
        if (s.inputSize() != PixelTokens.FEATURES || s.outputSize() != PixelTokens.LEVELS || s.pooling() != Pooling.NONE
                || s.block().bidirectional()) {
            throw new IllegalArgumentException("the model is not a pixel generator: it takes " + s.inputSize() + " inputs and gives "
                    + s.outputSize() + " outputs with " + s.pooling().name().toLowerCase(java.util.Locale.ROOT) + " pooling"
                    + (s.block().bidirectional() ? ", bidirectional" : "") + "; a run of ./s4j train --task mnist-gen takes "
                    + PixelTokens.FEATURES + ", gives " + PixelTokens.LEVELS + " per position, causal");
        }
        this.model = model;
    }

    /**
     * Pixels {@code prefix … end − 1} chosen by {@code pick} after {@code pixels[0, prefix)}, in the
     * recurrent view; {@code onPixel} hears each new position. The result is {@code pixels} with
     * those positions replaced.
     */
    public int[] complete(int[] pixels, int prefix, int end, Pick pick, IntConsumer onPixel) {
        int[] out = pixels.clone();
        try (StreamSession session = model.newSession()) {
            float[][] head = new float[prefix + 1][];
            for (int t = 0; t <= prefix; t++) {
                head[t] = PixelTokens.input(t == 0 ? -1 : out[t - 1]);
            }
            float[] logits = session.prefill(head);                      // the distribution of pixel `prefix`
            for (int t = prefix; t < end; t++) {
                out[t] = pick.next(logits);
                onPixel.accept(t);
                if (t + 1 < end) {
                    logits = session.step(PixelTokens.input(out[t]));
                }
            }
        }
        return out;
    }

    /** As {@link #complete}, but every new pixel recomputes the convolution over positions 0 … t. */
    public int[] completeByRecomputing(int[] pixels, int prefix, int end, Pick pick) {
        int[] out = pixels.clone();
        for (int t = prefix; t < end; t++) {
            float[][] seq = new float[t + 1][];
            for (int i = 0; i <= t; i++) {
                seq[i] = PixelTokens.input(i == 0 ? -1 : out[i - 1]);
            }
            float[][] logits = model.predictPositions(seq);
            out[t] = pick.next(logits[t]);
        }
        return out;
    }

    /** −log₂ p(pixels) / L through the recurrent view: bits per pixel of one image, step by step. */
    public double bitsPerPixel(int[] pixels) {
        double nats = 0;
        try (StreamSession session = model.newSession()) {
            for (int t = 0; t < pixels.length; t++) {
                float[] z = session.step(PixelTokens.input(t == 0 ? -1 : pixels[t - 1]));
                double top = Double.NEGATIVE_INFINITY;
                for (float v : z) {
                    top = Math.max(top, v);
                }
                double sum = 0;
                for (float v : z) {
                    sum += Math.exp(v - top);
                }
                nats += top + Math.log(sum) - z[pixels[t]];
            }
        }
        return nats / pixels.length / Math.log(2);
    }
}

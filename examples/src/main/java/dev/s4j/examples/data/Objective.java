package dev.s4j.examples.data;

import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.ops.Losses;
import dev.s4j.ssm.model.Pooling;

/**
 * What a task asks of the model's output, and how it is scored: cross-entropy and accuracy for
 * classes, mean squared error for values, negative log-likelihood for generated values.
 */
public sealed interface Objective {

    /** Features of the model's output per sequence (pooled) or per position. */
    int outputSize();

    /** How the model reduces positions before its decoder. */
    Pooling pooling();

    /** The training loss of {@code output} against {@code targets}, a 0-d tensor. */
    Tensor loss(Tensor output, Targets targets);

    /** Scored units in {@code targets} (examples, or positions) and how many the output gets right (0 for values). */
    long[] countCorrect(Tensor output, Targets targets);

    /** The loss in bits per predicted value, for objectives whose loss is a negative log-likelihood per value; else null. */
    default Double bitsPerValue(double loss) {
        return null;
    }

    /**
     * Density estimation: at every position a distribution over the next value's {@code levels}
     * (output (B, L, levels), no pooling), scored by the mean negative log-likelihood over all
     * positions (cross-entropy, in nats; {@link #bitsPerValue} in bits).
     *
     * @param levels the values' quantization levels (256 for 8-bit pixels)
     * @param unit   what a value is, for people ("pixel")
     */
    record Generative(int levels, String unit) implements Objective {

        @Override
        public int outputSize() {
            return levels;
        }

        @Override
        public Pooling pooling() {
            return Pooling.NONE;
        }

        @Override
        public Tensor loss(Tensor output, Targets targets) {
            return Losses.crossEntropy(output.reshape(output.size(0) * output.size(1), levels), Classification.labels(targets));
        }

        @Override
        public long[] countCorrect(Tensor output, Targets targets) {
            return new long[] {(long) output.size(0) * output.size(1), 0};
        }

        @Override
        public Double bitsPerValue(double loss) {
            return loss / Math.log(2);
        }
    }

    /**
     * One class per sequence (tail = 0, output (B, C) after mean pooling), or one class at each of
     * the last {@code tail} positions (output (B, L, C), no pooling).
     *
     * @param classes C
     * @param tail    scored positions at the end of the sequence, or 0 for one label per sequence
     */
    record Classification(int classes, int tail) implements Objective {

        /** One label per sequence. */
        public static Classification perSequence(int classes) {
            return new Classification(classes, 0);
        }

        @Override
        public int outputSize() {
            return classes;
        }

        @Override
        public Pooling pooling() {
            return tail == 0 ? Pooling.MEAN : Pooling.NONE;
        }

        /** The scored logits as (N, C). */
        Tensor logits(Tensor output) {
            if (tail == 0) {
                return output;
            }
            int l = output.size(1);
            return output.slice(1, l - tail, l).reshape(output.size(0) * tail, classes);
        }

        @Override
        public Tensor loss(Tensor output, Targets targets) {
            return Losses.crossEntropy(logits(output), labels(targets));
        }

        @Override
        public long[] countCorrect(Tensor output, Targets targets) {
            Tensor z = logits(output);
            int[] labels = labels(targets);
            float[] v = z.toFloatArray();
            long correct = 0;
            for (int i = 0; i < labels.length; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (v[i * classes + c] > v[i * classes + best]) {
                        best = c;
                    }
                }
                if (best == labels[i]) {
                    correct++;
                }
            }
            return new long[] {labels.length, correct};
        }

        static int[] labels(Targets targets) {
            if (targets instanceof Targets.Classes c) {
                return c.labels();
            }
            throw new IllegalArgumentException("classification objective: targets are values, not classes");
        }
    }

    /**
     * Real targets scored by mean squared error: one vector per sequence (last-position pooling,
     * output (B, d)) or one per position (output (B, L, d)).
     *
     * @param outputs     d
     * @param perPosition whether every position has a target
     */
    record Regression(int outputs, boolean perPosition) implements Objective {

        @Override
        public int outputSize() {
            return outputs;
        }

        @Override
        public Pooling pooling() {
            return perPosition ? Pooling.NONE : Pooling.LAST;
        }

        @Override
        public Tensor loss(Tensor output, Targets targets) {
            if (targets instanceof Targets.Values v) {
                if (!java.util.Arrays.equals(output.shape(), v.values().shape())) {
                    throw new IllegalArgumentException("regression objective: output " + Shape.format(output.shape())
                            + " but targets " + Shape.format(v.values().shape()));
                }
                return Losses.mse(output, v.values());
            }
            throw new IllegalArgumentException("regression objective: targets are classes, not values");
        }

        @Override
        public long[] countCorrect(Tensor output, Targets targets) {
            return new long[] {output.size(0), 0};
        }
    }
}

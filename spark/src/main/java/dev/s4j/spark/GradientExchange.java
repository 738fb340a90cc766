package dev.s4j.spark;

import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * The gradients of one step as a message between replicas, and their sum. A message holds the
 * replica's {@link Replica.StepShare} and every parameter's gradient (real and imaginary parts,
 * in the parameter's precision: 4 bytes a value for float32 models, 8 for float64), Base64-encoded
 * because barrier tasks exchange strings ({@code BarrierTaskContext.allGather}). Every replica
 * sums all messages in task order, in double precision, and rounds once to the parameter's
 * precision: the sums, and so the replicas, are identical.
 *
 * <p>Each task receives every task's message through the driver, T messages of about 1.33 × 4
 * bytes per parameter each; with Spark's default {@code spark.rpc.message.maxSize} of 128 MiB
 * this suits models of up to a few million parameters. Larger models want a tree reduction
 * (treeAggregate of the gradients on the driver, or a ring over the executors) instead.
 */
final class GradientExchange {
    private GradientExchange() {
    }

    /** The message of a replica whose parameters hold its share of the gradients. */
    static String encode(Replica.StepShare share, List<Parameter> parameters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeDouble(share.loss());
            out.writeLong(share.scored());
            out.writeLong(share.correct());
            for (Parameter p : parameters) {
                Tensor g = p.grad();
                if (g == null) {
                    throw new IllegalStateException("parameter of shape " + java.util.Arrays.toString(p.shape())
                            + " got no gradient; every parameter must take part in the loss");
                }
                Storage s = g.storage();
                boolean wide = p.dtype().isDoublePrecision();
                for (int i = 0; i < s.length(); i++) {
                    write(out, s.re(i), wide);
                    if (s.isComplex()) {
                        write(out, s.im(i), wide);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static void write(DataOutputStream out, double v, boolean wide) throws IOException {
        if (wide) {
            out.writeDouble(v);
        } else {
            out.writeFloat((float) v);
        }
    }

    private static double read(DataInputStream in, boolean wide) throws IOException {
        return wide ? in.readDouble() : in.readFloat();
    }

    /**
     * Replaces every parameter's gradient with the sum of the messages' gradients (in the order
     * of {@code messages}) and returns the summed shares: the global batch's loss and counts.
     */
    static Replica.StepShare sumInto(String[] messages, List<Parameter> parameters) {
        DataInputStream[] in = new DataInputStream[messages.length];
        double loss = 0;
        long scored = 0;
        long correct = 0;
        try {
            for (int k = 0; k < messages.length; k++) {
                in[k] = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(messages[k])));
                loss += in[k].readDouble();
                scored += in[k].readLong();
                correct += in[k].readLong();
            }
            for (Parameter p : parameters) {
                Storage s = p.grad().storage();
                boolean wide = p.dtype().isDoublePrecision();
                for (int i = 0; i < s.length(); i++) {
                    double re = 0;
                    double im = 0;
                    for (DataInputStream m : in) {
                        re += read(m, wide);
                        if (s.isComplex()) {
                            im += read(m, wide);
                        }
                    }
                    s.setRe(i, re);
                    if (s.isComplex()) {
                        s.setIm(i, im);
                    }
                }
            }
            for (int k = 0; k < in.length; k++) {
                if (in[k].available() != 0) {
                    throw new IllegalStateException("the gradient message of task " + k + " is longer than this model's gradients:"
                            + " the replicas hold different models");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("a gradient message is shorter than this model's gradients: the replicas hold"
                    + " different models", e);
        }
        return new Replica.StepShare(loss, scored, correct);
    }
}

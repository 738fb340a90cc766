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
import java.util.Arrays;
import java.util.List;

/**
 * The gradients of one step as bytes between replicas, and their sum. A message holds a
 * replica's {@link Replica.StepShare} and every parameter's gradient (real and imaginary parts, in
 * the parameter's precision: 4 bytes a value for float32 models, 8 for float64). Sums run over the
 * messages in task order, in double precision, rounded once to the parameter's precision, so every
 * replica that sums the same messages, or receives the same sum, holds the same gradients.
 */
final class GradientMessage {
    private GradientMessage() {
    }

    /** The message of a replica whose parameters hold its share of the gradients. */
    static byte[] encode(Replica.StepShare share, List<Parameter> parameters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeDouble(share.loss());
            out.writeLong(share.scored());
            out.writeLong(share.correct());
            for (Parameter p : parameters) {
                Tensor g = p.grad();
                if (g == null) {
                    throw new IllegalStateException("a parameter of shape " + Arrays.toString(p.shape())
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
        return bytes.toByteArray();
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
     * of {@code messages}) and returns the summed shares: the global batch's loss and counts. With
     * one message, the gradients become that message's.
     */
    static Replica.StepShare sumInto(List<byte[]> messages, List<Parameter> parameters) {
        DataInputStream[] in = new DataInputStream[messages.size()];
        double loss = 0;
        long scored = 0;
        long correct = 0;
        try {
            for (int k = 0; k < in.length; k++) {
                in[k] = new DataInputStream(new ByteArrayInputStream(messages.get(k)));
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
                    throw new IllegalStateException("gradient message " + k + " is longer than this model's gradients:"
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

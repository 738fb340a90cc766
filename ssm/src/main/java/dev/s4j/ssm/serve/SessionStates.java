package dev.s4j.ssm.serve;

import dev.s4j.ssm.kernel.RecurrentState;
import dev.s4j.ssm.model.StepState;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The byte form of a stream's state: magic {@code S4JSTATE}, format version, the model's
 * fingerprint, batch, position, layer count, then per layer the number of values, their width in
 * bytes (4 for the float32 state of a float32 model, 8 for float64) and the SSM state's values
 * ({@link RecurrentState#values()}), then the pooling sum in float64; big-endian.
 */
final class SessionStates {
    private static final long MAGIC = 0x53344A5354415445L;   // "S4JSTATE"
    private static final int VERSION = 1;

    private SessionStates() {
    }

    static byte[] write(StepState s, long fingerprint) {
        double[][] layers = new double[s.layerCount()][];
        int bytes = 0;
        for (int i = 0; i < layers.length; i++) {
            layers[i] = s.layer(i).values();
            bytes += 5 + layers[i].length * (s.layer(i).isSinglePrecision() ? 4 : 8);
        }
        double[] sum = s.poolingSum();
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 + 8 + 4 + 8 + 4 + bytes + 8 * sum.length);
        buf.putLong(MAGIC).putInt(VERSION).putLong(fingerprint).putInt(s.batch()).putLong(s.steps()).putInt(layers.length);
        for (int i = 0; i < layers.length; i++) {
            boolean single = s.layer(i).isSinglePrecision();
            buf.putInt(layers[i].length).put((byte) (single ? 4 : 8));
            for (double v : layers[i]) {
                if (single) {
                    buf.putFloat((float) v);
                } else {
                    buf.putDouble(v);
                }
            }
        }
        for (double v : sum) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    static void read(byte[] bytes, Predictor predictor, StepState target) {
        if (bytes == null) {
            throw new IllegalArgumentException("restore: no state");
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            if (buf.getLong() != MAGIC) {
                throw new IllegalArgumentException("restore: not an s4j stream state (bad magic)");
            }
            int version = buf.getInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("restore: stream state format " + version + ", this s4j reads " + VERSION);
            }
            if (buf.getLong() != predictor.fingerprint()) {
                throw new IllegalArgumentException("restore: the state was saved from a different model (its fingerprint "
                        + "does not match this predictor's parameters)");
            }
            int batch = buf.getInt();
            if (batch != target.batch()) {
                throw new IllegalArgumentException("restore: state of batch " + batch + ", session of batch " + target.batch());
            }
            long steps = buf.getLong();
            int layers = buf.getInt();
            if (layers != target.layerCount() || steps < 0) {
                throw new IllegalArgumentException("restore: state has " + layers + " layers, the model " + target.layerCount());
            }
            StepState fresh = predictor.plan().newState(batch);
            for (int i = 0; i < layers; i++) {
                int count = buf.getInt();
                int expected = fresh.layer(i).values().length;
                if (count != expected) {
                    throw new IllegalArgumentException("restore: layer " + i + " holds " + count + " values, this model's " + expected);
                }
                double[] v = new double[count];
                int width = buf.get();
                if (width != (fresh.layer(i).isSinglePrecision() ? 4 : 8)) {
                    throw new IllegalArgumentException("restore: layer " + i + " holds " + width + "-byte values, this model's "
                            + (fresh.layer(i).isSinglePrecision() ? 4 : 8));
                }
                for (int k = 0; k < v.length; k++) {
                    v[k] = width == 4 ? buf.getFloat() : buf.getDouble();
                }
                fresh.layer(i).setValues(v);
            }
            double[] sum = fresh.poolingSum();
            for (int k = 0; k < sum.length; k++) {
                sum[k] = buf.getDouble();
            }
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException("restore: " + buf.remaining() + " bytes after the end of the state");
            }
            fresh.setSteps(steps);
            target.set(fresh);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("restore: the state is truncated or corrupt (" + bytes.length + " bytes)", e);
        }
    }
}

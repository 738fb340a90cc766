package dev.s4j.ssm.serve;

import dev.s4j.ssm.model.StepPlan;
import dev.s4j.ssm.model.StepState;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One stream through a {@link Predictor}'s recurrent view (S4 §3.3): each {@link #step} takes the
 * next position's input (d_in) and returns what the model returns for the sequence so far
 * (d_out): the output at this position without pooling, the decoded running mean with mean
 * pooling, this position's decoding with last-position pooling — the same as {@code predict} on
 * the whole prefix, to rounding.
 *
 * <p>{@link #prefill} consumes a chunk at once; {@link #state()} serializes the session so that
 * {@link Predictor#restore} continues it, in this JVM or another. A step allocates only its
 * result.
 *
 * <p>Sessions are independent of each other; a session is used by one thread at a time (any
 * thread, one after another). A call while another thread is inside the same session fails with
 * {@link IllegalStateException} and leaves the state untouched.
 */
public final class StreamSession implements AutoCloseable {
    private final Predictor predictor;
    private final StepState state;
    private final double[] in;
    private final double[] out;
    private final AtomicReference<Thread> user = new AtomicReference<>();
    private volatile boolean closed;

    StreamSession(Predictor predictor, StepState state) {
        this.predictor = predictor;
        this.state = state;
        this.in = new double[predictor.inputSize()];
        this.out = new double[predictor.outputSize()];
    }

    /** The next position: x (d_in) → (d_out). */
    public float[] step(float[] x) {
        double[] wide = new double[x == null ? 0 : x.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = x[i];
        }
        double[] y = step(x == null ? null : wide);
        float[] narrow = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            narrow[i] = (float) y[i];
        }
        return narrow;
    }

    /** The next position in float64 (a float64 model's full precision): x (d_in) → (d_out). */
    public double[] step(double[] x) {
        enter();
        try {
            if (x == null || x.length != in.length) {
                throw new IllegalArgumentException("step: input has " + (x == null ? "no values" : x.length + " values")
                        + "; the model takes " + in.length + " per position");
            }
            predictor.plan().step(x, state, out);
            return out.clone();
        } finally {
            exit();
        }
    }

    /**
     * The next T positions at once, xs (T, d_in) → what {@link #step} would have returned at the
     * last of them (d_out); the session then stands after the chunk. Layer by layer: each block's
     * SSM runs through the chunk (an S4D state in registers), then its position-wise maps run on
     * all T positions as matrix products (see {@link StepPlan#prefill}); the same values as T
     * steps, to rounding. On a CPU it saves little over stepping: the state's work per position is
     * the same either way.
     */
    public float[] prefill(float[][] xs) {
        enter();
        try {
            if (xs == null || xs.length == 0) {
                throw new IllegalArgumentException("prefill: need at least one position");
            }
            int d = in.length;
            double[] data = new double[xs.length * d];
            for (int t = 0; t < xs.length; t++) {
                checkWidth(xs[t], "prefill: position " + t);
                for (int i = 0; i < d; i++) {
                    data[t * d + i] = xs[t][i];
                }
            }
            predictor.plan().prefill(data, xs.length, state, out);
            float[] y = new float[out.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) out[i];
            }
            return y;
        } finally {
            exit();
        }
    }

    /** Positions taken since the session started (or was reset). */
    public long position() {
        return state.steps();
    }

    /** Starts a new sequence. */
    public void reset() {
        enter();
        try {
            state.reset();
        } finally {
            exit();
        }
    }

    /**
     * The session's state as bytes: every layer's SSM state (in the model's precision), the pooling
     * sum and the position, tagged with the model's fingerprint ({@link Predictor#restore} refuses
     * another model's). Size: about 4·layers·H·N bytes for a float32 model (N/2 complex modes per
     * state space), twice that for float64.
     */
    public byte[] state() {
        enter();
        try {
            return SessionStates.write(state, predictor.fingerprint());
        } finally {
            exit();
        }
    }

    /** Ends the session; any later call fails. */
    @Override
    public void close() {
        closed = true;
    }

    StepState stepState() {
        return state;
    }

    /** Marks the session as used by the calling thread; fails if it is closed or another thread is inside. */
    void enter() {
        if (closed) {
            throw new IllegalStateException("StreamSession: used after close()");
        }
        Thread me = Thread.currentThread();
        if (!user.compareAndSet(null, me)) {
            Thread other = user.get();
            throw new IllegalStateException("StreamSession: in use by thread '" + (other == null ? "?" : other.getName())
                    + "'; a session takes one thread at a time (use one session per stream)");
        }
    }

    void exit() {
        user.set(null);
    }

    private void checkWidth(float[] x, String what) {
        if (x == null || x.length != in.length) {
            throw new IllegalArgumentException(what + ": input has " + (x == null ? "no values" : x.length + " values")
                    + "; the model takes " + in.length + " per position");
        }
    }
}

package dev.s4j.ssm.serve;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.ssm.layer.S4Block;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import dev.s4j.ssm.model.StepPlan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A trained {@link Backbone} for serving: immutable and safe to share between threads. Batches
 * go through the convolutional view ({@code predict}); streams go through the recurrent view, one
 * {@link StreamSession} per stream. Both compute the model in evaluation (no dropout, batch norm
 * with its running statistics).
 *
 * <pre>{@code
 *   Predictor model = Predictor.load(Path.of("runs/smnist-…"));      // a run directory or a model file
 *   float[] logits = model.predict(pixels);                          // pixels (784, 1) → (10)
 *   try (StreamSession s = model.newSession()) {                     // the same, one position at a time
 *       float[] out = null;
 *       for (float[] x : pixels) {
 *           out = s.step(x);
 *       }
 *   }
 * }</pre>
 *
 * <p>Shapes: a batch is (B, L, d_in); the output is (B, d_out) for a model with pooling and
 * (B, L, d_out) without. A predictor never changes its parameters' meaning, but an S4 kernel asked
 * for a length beyond the one its C̃ is tied to re-ties it once (C̃ ← C̃(I + Ā^L), in the model's
 * precision), so a float32 model's outputs may differ in their last bits before and after the
 * first request longer than any before. Rows of different lengths are right-padded ({@code lengths}, or ragged
 * arrays): each row's output is the row's output computed alone.
 */
public final class Predictor {
    /** Format identifier of a model file written by {@link #save}. */
    public static final String MODEL_FORMAT = "s4j-model/1";
    /** Metadata key of the model's {@link BackboneSpec} in JSON ({@link SpecJson}). */
    public static final String SPEC_KEY = "backbone";
    private static final String PREFIX = "model.";
    /** Sequence lengths whose SSM kernels each layer keeps (the parameters never change, and a kernel costs more than its convolution). */
    private static final int KERNEL_LENGTHS = 8;

    private final Backbone model;
    private final StepPlan plan;
    private final long fingerprint;
    /** The parameters as loaded: what {@link #save} writes and the fingerprint digests (serving may re-tie S4's C̃ to longer lengths, which represents the same model). */
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final ReentrantReadWriteLock lengths = new ReentrantReadWriteLock();
    private volatile int prepared;

    private Predictor(BackboneSpec spec, Map<String, Tensor> state) {
        this.model = new Backbone(spec, new Generator(0));
        model.loadStateDict(state, true);
        model.eval();
        for (S4Block b : model.blocks()) {
            b.conv().cacheKernels(KERNEL_LENGTHS);
        }
        this.plan = spec.block().bidirectional() ? null : StepPlan.of(model);   // a bidirectional model has no recurrent view
        this.prepared = 0;
        model.stateDict().forEach((k, v) -> parameters.put(k, new Tensor(v.storage().copy(), v.shape())));
        this.fingerprint = fingerprint(spec, parameters);
    }

    /** A predictor with a copy of {@code model}'s current parameters (later changes to the model do not reach it). */
    public static Predictor of(Backbone model) {
        return new Predictor(model.spec(), model.stateDict());
    }

    /**
     * Loads a model from a run directory (its {@code checkpoint.safetensors}: the last saved
     * epoch), a checkpoint, a {@code best.safetensors} (the best validation epoch), or a model file
     * written by {@link #save}. The file must carry the
     * model's spec (metadata {@value #SPEC_KEY}); missing, corrupt or mis-shaped content fails
     * naming the file and the tensor.
     */
    public static Predictor load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("checkpoint.safetensors") : path;
        if (!Files.isRegularFile(file)) {
            throw new IOException(Files.isDirectory(path) ? path + ": no checkpoint.safetensors in this directory"
                    : file + ": no such file");
        }
        Safetensors.Contents c = Safetensors.read(file);
        String json = c.metadata().get(SPEC_KEY);
        if (json == null) {
            throw new IOException(file + ": carries no model spec (metadata '" + SPEC_KEY + "'); files written before s4j "
                    + "saved it load through `s4j predict`, which rebuilds the model from the run's config");
        }
        BackboneSpec spec;
        try {
            spec = SpecJson.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": metadata '" + SPEC_KEY + "': " + e.getMessage(), e);
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                state.put(k.substring(PREFIX.length()), v);
            }
        });
        try {
            return new Predictor(spec, state);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": does not fit its model spec: " + e.getMessage(), e);
        }
    }

    /** Writes the model (spec and parameters) to a safetensors file, atomically. */
    public void save(Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        parameters.forEach((k, v) -> tensors.put(PREFIX + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", MODEL_FORMAT);
        meta.put(SPEC_KEY, SpecJson.toJson(model.spec()));
        Safetensors.write(file, tensors, meta);
    }

    /**
     * The model's parameters and buffers as loaded, by name as {@link Backbone#stateDict()} gives
     * them (copies: changing them changes nothing here).
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k, new Tensor(v.storage().copy(), v.shape())));
        return copy;
    }

    /** The model's configuration. */
    public BackboneSpec spec() {
        return model.spec();
    }

    /** Features per input position, d_in. */
    public int inputSize() {
        return model.spec().inputSize();
    }

    /** Features per output, d_out. */
    public int outputSize() {
        return model.spec().outputSize();
    }

    /** True if the model outputs one vector per sequence (mean or last-position pooling), false if one per position. */
    public boolean isPooled() {
        return model.spec().pooling() != Pooling.NONE;
    }

    /** A digest of the spec and every parameter: states saved by a session restore only into the same model. */
    public long fingerprint() {
        return fingerprint;
    }

    /** x (B, L, d_in) → (B, d_out) with pooling, (B, L, d_out) without; of x's dtype. */
    public Tensor predict(Tensor x) {
        check(x);
        return run(x.size(1), () -> model.forward(x.to(dtype())).to(x.dtype()));
    }

    /** A right-padded batch: x (B, L, d_in) with {@code lengths[b]} ∈ [1, L] valid positions in row b. */
    public Tensor predict(Tensor x, int[] lengths) {
        check(x);
        return run(x.size(1), () -> model.forward(x.to(dtype()), lengths).to(x.dtype()));
    }

    /** One sequence (L, d_in) → (d_out) (a model with pooling). */
    public float[] predict(float[][] sequence) {
        return predict(new float[][][] {sequence})[0];
    }

    /** Sequences of any lengths, {@code batch[b]} (L_b, d_in) → (B, d_out) (a model with pooling). */
    public float[][] predict(float[][][] batch) {
        requirePooled(true);
        int[] lengths = lengthsOf(batch);
        Tensor y = predict(ragged(batch), lengths);
        int d = outputSize();
        float[] v = y.toFloatArray();
        float[][] out = new float[batch.length][d];
        for (int b = 0; b < batch.length; b++) {
            System.arraycopy(v, b * d, out[b], 0, d);
        }
        return out;
    }

    /** One sequence (L, d_in) → (L, d_out) (a model without pooling). */
    public float[][] predictPositions(float[][] sequence) {
        return predictPositions(new float[][][] {sequence})[0];
    }

    /** Sequences of any lengths, {@code batch[b]} (L_b, d_in) → {@code out[b]} (L_b, d_out) (a model without pooling). */
    public float[][][] predictPositions(float[][][] batch) {
        requirePooled(false);
        int[] lengths = lengthsOf(batch);
        Tensor y = predict(ragged(batch), lengths);
        int l = y.size(1);
        int d = outputSize();
        float[] v = y.toFloatArray();
        float[][][] out = new float[batch.length][][];
        for (int b = 0; b < batch.length; b++) {
            out[b] = new float[lengths[b]][d];
            for (int t = 0; t < lengths[b]; t++) {
                System.arraycopy(v, (b * l + t) * d, out[b][t], 0, d);
            }
        }
        return out;
    }

    /** A new stream of one sequence, starting empty. */
    public StreamSession newSession() {
        return new StreamSession(this, plan().newState(1));
    }

    /** A stream continuing from {@code state}, bytes from {@link StreamSession#state()} of a session of this model. */
    public StreamSession restore(byte[] state) {
        StreamSession s = newSession();
        SessionStates.read(state, this, s.stepState());
        return s;
    }

    StepPlan plan() {
        if (plan == null) {
            throw new IllegalStateException("this model has bidirectional blocks: its outputs depend on later inputs, so it has no "
                    + "streaming view; use predict");
        }
        return plan;
    }

    Backbone model() {
        return model;
    }

    DType dtype() {
        return model.spec().block().kernel().dtype();
    }

    /**
     * Runs {@code work} on inputs of {@code length} positions. Kernels of a new, longer length may
     * change the model's buffers once (S4's C̃ doubles its length), which happens under the write
     * lock; everything else runs under the read lock, concurrently.
     */
    <T> T run(int length, java.util.function.Supplier<T> work) {
        if (length > prepared) {
            lengths.writeLock().lock();
            try {
                if (length > prepared) {
                    model.prepare(length);
                    prepared = length;
                }
            } finally {
                lengths.writeLock().unlock();
            }
        }
        lengths.readLock().lock();
        try (var off = Grad.disabled()) {
            return work.get();
        } finally {
            lengths.readLock().unlock();
        }
    }

    private void check(Tensor x) {
        if (x.rank() != 3 || x.size(2) != inputSize() || x.isComplex() || x.size(0) < 1 || x.size(1) < 1) {
            throw new IllegalArgumentException("predict: input must be real (B, L, " + inputSize() + ") with B, L ≥ 1, got "
                    + x.dtype() + " " + Shape.format(x.shape()));
        }
    }

    private void requirePooled(boolean pooled) {
        if (isPooled() != pooled) {
            throw new IllegalStateException(pooled
                    ? "predict: this model has no pooling (one output per position); use predictPositions"
                    : "predictPositions: this model pools its positions (one output per sequence); use predict");
        }
    }

    private int[] lengthsOf(float[][][] batch) {
        if (batch == null || batch.length == 0) {
            throw new IllegalArgumentException("predict: need at least one sequence");
        }
        int[] lengths = new int[batch.length];
        for (int b = 0; b < batch.length; b++) {
            if (batch[b] == null || batch[b].length == 0) {
                throw new IllegalArgumentException("predict: sequence " + b + " is empty; each needs at least one position");
            }
            lengths[b] = batch[b].length;
            for (int t = 0; t < batch[b].length; t++) {
                if (batch[b][t] == null || batch[b][t].length != inputSize()) {
                    throw new IllegalArgumentException("predict: sequence " + b + ", position " + t + " has "
                            + (batch[b][t] == null ? "no values" : batch[b][t].length + " values") + "; the model takes "
                            + inputSize() + " per position");
                }
            }
        }
        return lengths;
    }

    /** (B, max L_b, d_in), zero-padded on the right. */
    private Tensor ragged(float[][][] batch) {
        int l = 0;
        for (float[][] s : batch) {
            l = Math.max(l, s.length);
        }
        int d = inputSize();
        float[] data = new float[batch.length * l * d];
        for (int b = 0; b < batch.length; b++) {
            for (int t = 0; t < batch[b].length; t++) {
                System.arraycopy(batch[b][t], 0, data, (b * l + t) * d, d);
            }
        }
        return Tensor.of(data, batch.length, l, d);
    }

    private static long fingerprint(BackboneSpec spec, Map<String, Tensor> state) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(SpecJson.toJson(spec).getBytes(StandardCharsets.UTF_8));
            ByteBuffer buf = ByteBuffer.allocate(8);
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                Tensor t = e.getValue();
                for (double v : t.toDoubleArray()) {
                    md.update(buf.clear().putDouble(v).array());
                }
                if (t.isComplex()) {
                    for (double v : t.imagToDoubleArray()) {
                        md.update(buf.clear().putDouble(v).array());
                    }
                }
            }
            return ByteBuffer.wrap(md.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

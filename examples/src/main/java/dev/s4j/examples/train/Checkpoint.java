package dev.s4j.examples.train;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.autograd.nn.Module;
import dev.s4j.optim.Optimizer;
import dev.s4j.examples.data.Task;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.serve.Predictor;
import dev.s4j.ssm.serve.SpecJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: one safetensors file holding the model's parameters and buffers
 * ({@code model.<name>}), the optimizer state ({@code optimizer.<name>}), and as metadata the
 * run's config, progress and data shape in JSON, and the model's spec under {@code backbone} so that
 * {@link Predictor#load} serves it (no wall-clock time: the same run writes the same bytes). In
 * PyTorch:
 * <pre>{@code
 *   from safetensors.torch import load_file
 *   state = load_file("checkpoint.safetensors")   # complex tensors as (…, 2): torch.view_as_complex
 * }</pre>
 */
public final class Checkpoint {
    /** Format identifier in the metadata. */
    public static final String FORMAT = "s4j-checkpoint/1";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";

    private Checkpoint() {
    }

    /**
     * A checkpoint's content.
     *
     * @param file      where it was read from
     * @param config    the run's configuration
     * @param progress  where the run stood
     * @param data      the shape of the run's data, or null in checkpoints written before it was saved
     * @param model     model tensors by parameter name
     * @param optimizer optimizer state by name (empty in a model-only file such as best.safetensors)
     * @param spec      the model's spec, or null in checkpoints written before it was saved
     */
    public record Contents(Path file, TrainConfig config, Progress progress, DataShape data, Map<String, Tensor> model,
                           Map<String, Tensor> optimizer, BackboneSpec spec) {

        /**
         * The saved model: built from its spec (or, in checkpoints written before s4j saved it,
         * from the config for {@code task}) and loaded with the saved tensors.
         */
        public Backbone restoredModel(Task task) throws IOException {
            Backbone b = Models.build(modelSpec(task), config.seed());
            restoreModel(b);
            return b;
        }

        /** The spec of the saved model: the one saved with it, or the config's for {@code task}. */
        public BackboneSpec modelSpec(Task task) {
            return spec != null ? spec : Models.spec(config.model(), task);
        }

        /**
         * Loads the model tensors into {@code target}; a missing, unexpected or mis-shaped
         * tensor fails naming the file and the tensor, and leaves the model unchanged.
         */
        public void restoreModel(Module target) throws IOException {
            try {
                target.loadStateDict(model, true);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": does not fit the model: " + e.getMessage(), e);
            }
        }

        /** Loads the optimizer state into {@code target}. */
        public void restoreOptimizer(Optimizer target) throws IOException {
            try {
                target.loadStateDict(optimizer);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": does not fit the optimizer: " + e.getMessage(), e);
            }
        }
    }

    /** Writes a checkpoint atomically; {@code optimizer} may be null for a model-only file. */
    public static void write(Path file, TrainConfig config, Progress progress, DataShape data, Module model, Optimizer optimizer)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
        if (optimizer != null) {
            optimizer.stateDict().forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("config", Json.COMPACT.toJson(config));
        meta.put("progress", Json.COMPACT.toJson(progress.saved()));
        meta.put("data", Json.COMPACT.toJson(data));
        if (model instanceof Backbone b) {
            meta.put(Predictor.SPEC_KEY, SpecJson.toJson(b.spec()));     // what Predictor.load needs to rebuild the model
        }
        Safetensors.write(file, tensors, meta);
    }

    /** Reads a checkpoint written by {@link #write}. */
    public static Contents read(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + ": not an s4j checkpoint (metadata format is " + meta.get("format") + ", expected "
                    + FORMAT + ")");
        }
        TrainConfig config = Json.parse(meta.get("config"), TrainConfig.class, file + ": metadata 'config'");
        Progress progress = Json.parse(meta.get("progress"), Progress.Saved.class, file + ": metadata 'progress'").progress();
        DataShape data = meta.containsKey("data") ? Json.parse(meta.get("data"), DataShape.class, file + ": metadata 'data'") : null;
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                model.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (e.getKey().startsWith(OPTIMIZER)) {
                optimizer.put(e.getKey().substring(OPTIMIZER.length()), e.getValue());
            } else {
                throw new IOException(file + ": unexpected tensor '" + e.getKey() + "' (neither model. nor optimizer.)");
            }
        }
        BackboneSpec spec;
        try {
            spec = meta.containsKey(Predictor.SPEC_KEY) ? SpecJson.fromJson(meta.get(Predictor.SPEC_KEY)) : null;
        } catch (RuntimeException e) {
            throw new IOException(file + ": metadata '" + Predictor.SPEC_KEY + "' is not a model spec: " + e.getMessage(), e);
        }
        return new Contents(file, config, progress, data, model, optimizer, spec);
    }
}

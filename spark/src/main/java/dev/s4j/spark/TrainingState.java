package dev.s4j.spark;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training state as the bytes of a safetensors file: the model's parameters and buffers
 * ({@code model.<name>}), the optimizer state ({@code optimizer.<name>}) and string metadata. The
 * run's {@code checkpoint.safetensors} is such a file (with the model's spec under
 * {@value Predictor#SPEC_KEY}, so {@link Predictor#load} serves it), and so is what the driver
 * broadcasts to the replicas at the start of each epoch.
 *
 * @param model     model tensors by parameter name
 * @param optimizer optimizer state by name
 * @param metadata  string metadata
 */
record TrainingState(Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, String> metadata) {
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";

    /** The safetensors bytes of this state. */
    byte[] encode() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.forEach((k, v) -> tensors.put(MODEL + k, v));
        optimizer.forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
        try {
            Path temp = Files.createTempFile("s4j-state", ".safetensors");
            try {
                Safetensors.write(temp, tensors, metadata);
                return Files.readAllBytes(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the training state: " + e.getMessage(), e);
        }
    }

    /** The state in {@code bytes}; {@code source} names them in errors. */
    static TrainingState decode(byte[] bytes, String source) throws IOException {
        Path temp = Files.createTempFile("s4j-state", ".safetensors");
        try {
            Files.write(temp, bytes);
            return of(Safetensors.read(temp), source);
        } catch (IOException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The state in the safetensors file {@code file}. */
    static TrainingState read(Path file) throws IOException {
        return of(Safetensors.read(file), file.toString());
    }

    private static TrainingState of(Safetensors.Contents c, String source) throws IOException {
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                model.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (e.getKey().startsWith(OPTIMIZER)) {
                optimizer.put(e.getKey().substring(OPTIMIZER.length()), e.getValue());
            } else {
                throw new IOException(source + ": unexpected tensor '" + e.getKey() + "' (neither model. nor optimizer.)");
            }
        }
        return new TrainingState(model, optimizer, c.metadata());
    }

    /** The same tensors with {@code metadata} instead. */
    TrainingState withMetadata(Map<String, String> v) {
        return new TrainingState(model, optimizer, v);
    }
}

package dev.s4j.spark;

import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The predictors this JVM has built, by the SHA-256 of their model file: an executor builds each
 * model once however many tasks and partitions score with it ({@link Predictor} is immutable and
 * shared by the tasks' threads). Holds the few most recently used models.
 */
final class PredictorCache {
    /** Models kept per JVM; the least recently used beyond this is dropped. */
    private static final int CAPACITY = 4;
    private static final Map<String, Predictor> LOADED = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Predictor> eldest) {
            return size() > CAPACITY;
        }
    };
    private static long builds;

    private PredictorCache() {
    }

    /**
     * The predictor of the model file with SHA-256 {@code key}, built from {@code bytes} (fetched
     * only when this JVM has not built it yet).
     */
    static synchronized Predictor get(String key, Supplier<byte[]> bytes) {
        Predictor p = LOADED.get(key);
        if (p == null) {
            p = build(bytes.get(), key);
            LOADED.put(key, p);
            builds++;
        }
        return p;
    }

    /** How many predictors this JVM has built. */
    static synchronized long builds() {
        return builds;
    }

    private static Predictor build(byte[] bytes, String key) {
        try {
            Path temp = Files.createTempFile("s4j-model-" + key.substring(0, 12), ".safetensors");
            try {
                Files.write(temp, bytes);
                return Predictor.load(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("model " + key.substring(0, 12) + ": " + e.getMessage(), e);
        }
    }
}

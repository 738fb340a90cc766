package dev.s4j.spark;

import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A served model as the bytes of its model file ({@link Predictor#save}: spec and parameters,
 * no optimizer state), with the SHA-256 of those bytes as its key: what the driver broadcasts and
 * what {@link PredictorCache} keys the executors' predictors by.
 */
public final class ModelBytes implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private final String key;

    private ModelBytes(byte[] bytes) {
        this.bytes = bytes;
        this.key = sha256(bytes);
    }

    /** The model file of {@code predictor}. */
    public static ModelBytes of(Predictor predictor) {
        try {
            Path temp = Files.createTempFile("s4j-model", ".safetensors");
            try {
                predictor.save(temp);
                return new ModelBytes(Files.readAllBytes(temp));
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model to a temporary file: " + e.getMessage(), e);
        }
    }

    /** Bytes of a model file as {@link Predictor#save} writes it (checked when first loaded). */
    public static ModelBytes wrap(byte[] modelFile) {
        return new ModelBytes(modelFile.clone());
    }

    /** The model file's bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes themselves, not copied: for broadcasting and loading only. */
    byte[] shared() {
        return bytes;
    }

    /** The SHA-256 of the bytes, in hexadecimal. */
    public String key() {
        return key;
    }

    /** The predictor of these bytes, built once per JVM. */
    public Predictor predictor() {
        return PredictorCache.get(key, () -> bytes);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

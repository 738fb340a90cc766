package dev.s4j.examples.train;

import com.google.gson.JsonObject;
import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The files of one training run: {@code config.json}, {@code metrics.jsonl} (one evaluation per
 * line), {@code checkpoint.safetensors}, {@code curves.png} and {@code kernels.png}. Every file is
 * replaced atomically.
 *
 * @param root the directory
 */
public record RunDirectory(Path root) {

    /** A new directory {@code runs/<task>-<date>-<time>} under {@code parent}. */
    public static RunDirectory fresh(Path parent, String task) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = parent.resolve(task + "-" + stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = parent.resolve(task + "-" + stamp + "-" + i);
        }
        return new RunDirectory(dir);
    }

    /** The run configuration, as JSON. */
    public Path config() {
        return root.resolve("config.json");
    }

    /** The evaluations, one JSON object per line. */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** The checkpoint. */
    public Path checkpoint() {
        return root.resolve("checkpoint.safetensors");
    }

    /** Loss and accuracy per epoch. */
    public Path curves() {
        return root.resolve("curves.png");
    }

    /** Learned kernels of the first layer. */
    public Path kernels() {
        return root.resolve("kernels.png");
    }

    /** Writes config.json: the configuration, and the backend that runs the heavy stages ({@code "backend"}). */
    public void writeConfig(TrainConfig config, Accelerator backend) throws IOException {
        JsonObject json = Json.PRETTY.toJsonTree(config).getAsJsonObject();
        json.addProperty("backend", backend.summary());
        AtomicFiles.writeString(config(), Json.PRETTY.toJson(json) + "\n");
    }

    /** Rewrites metrics.jsonl with {@code records}. */
    public void writeMetrics(List<EvalRecord> records) throws IOException {
        AtomicFiles.writeString(metrics(), records.stream().map(Json.COMPACT::toJson).map(s -> s + "\n").collect(Collectors.joining()));
    }
}

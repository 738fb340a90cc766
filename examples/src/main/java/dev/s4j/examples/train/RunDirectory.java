package dev.s4j.examples.train;

import com.google.gson.JsonObject;
import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The files of one training run: {@code config.json}, {@code metrics.jsonl} (one line per epoch's
 * training and per evaluation), {@code checkpoint.safetensors} (the latest state),
 * {@code best.safetensors} (the model at its best validation score), {@code curves.png},
 * {@code kernels.png}, and the lock file of {@link RunLock}. Every file is replaced atomically.
 *
 * @param root the directory
 */
public record RunDirectory(Path root) {
    /** The names of the files a run writes. */
    static final Set<String> FILES = Set.of("config.json", "metrics.jsonl", "checkpoint.safetensors", "best.safetensors",
            "curves.png", "kernels.png", RunLock.FILE);
    /** The temporary files of atomic replacement: ".<name><random>.tmp". */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp");

    /**
     * A new, empty directory {@code <task>-<date>-<time>} under {@code parent}, created here (so
     * two runs started in the same second get different ones: the second gets a suffix).
     */
    public static RunDirectory fresh(Path parent, String task) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(parent + " exists and is not a directory");
        }
        for (int i = 1; ; i++) {
            Path dir = parent.resolve(task + "-" + stamp + (i == 1 ? "" : "-" + i));
            try {
                Files.createDirectory(dir);
                return new RunDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
    }

    /**
     * Checks that a new run may be written here: the directory is absent, empty, or holds only a
     * run's files, its own config.json among them, without a checkpoint (a run that stopped
     * before its first save).
     *
     * @throws IOException naming the directory and what is in the way
     */
    public void checkNewRun() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " exists and is not a directory");
        }
        if (Files.exists(checkpoint())) {
            throw new IOException(root + " already holds a run; continue it with --resume, or choose another --out");
        }
        List<String> names;
        try (var entries = Files.list(root)) {
            names = entries.map(p -> p.getFileName().toString()).filter(n -> !n.equals(RunLock.FILE) && !TEMPORARY.matcher(n).matches())
                    .sorted().toList();
        }
        List<String> foreign = names.stream().filter(n -> !FILES.contains(n)).limit(3).toList();
        if (!foreign.isEmpty()) {
            throw new IOException(root + " is not empty and holds no s4j run (it has " + String.join(", ", foreign)
                    + "); choose a new or empty directory for --out");
        }
        if (!names.isEmpty() && !holdsOwnConfig()) {
            throw new IOException(root + " holds " + String.join(", ", names) + " but no s4j config.json; it is not an s4j run:"
                    + " choose a new or empty directory for --out");
        }
    }

    /** Whether config.json is there and is an s4j training config. */
    private boolean holdsOwnConfig() {
        try {
            Json.parse(Files.readString(config()), TrainConfig.class, config().toString());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Removes the directory if it is empty (one made for a run that then could not start). */
    public void removeIfEmpty() {
        try (var entries = Files.list(root)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(root);
            }
        } catch (IOException e) {
            // best effort: what is left is an empty directory
        }
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

    /** The model at its best validation score. */
    public Path best() {
        return root.resolve("best.safetensors");
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

    /**
     * The lines of metrics.jsonl (none if there is no such file).
     *
     * @throws IOException naming the file and the line that is not a record
     */
    public List<EvalRecord> readMetrics() throws IOException {
        if (!Files.exists(metrics())) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(metrics());
        List<EvalRecord> out = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(Json.parse(lines.get(i), EvalRecord.class, metrics() + ": line " + (i + 1)));
            }
        }
        return out;
    }

    /** Rewrites metrics.jsonl with {@code records}. */
    public void writeMetrics(List<EvalRecord> records) throws IOException {
        AtomicFiles.writeString(metrics(), records.stream().map(Json.COMPACT::toJson).map(s -> s + "\n").collect(Collectors.joining()));
    }
}

package dev.s4j.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.s4j.examples.train.OptimConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a Spark run was started with: written to the run's {@code config.json} and to every
 * checkpoint, and compared on resume.
 *
 * @param model    the model's spec in JSON
 * @param kind     "classifier" or "regressor"
 * @param optim    the optimization (its epochs: the run's target so far)
 * @param seed     the seed
 * @param tasks    barrier tasks
 * @param threads  s4j threads per executor, or 0
 * @param inputCol the input column
 * @param labelCol the label column
 * @param examples training examples per epoch
 */
record RunRecord(String model, String kind, OptimConfig optim, long seed, int tasks, int threads, String inputCol, String labelCol,
                 long examples) {
    private static final Gson COMPACT = new GsonBuilder().create();
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().create();

    /** As JSON, the model's spec as an object; {@code pretty} for config.json. */
    String toJson(boolean pretty) {
        JsonObject o = new JsonObject();
        o.addProperty("trainer", "spark");
        o.add("model", JsonParser.parseString(model));
        o.addProperty("kind", kind);
        o.add("optim", COMPACT.toJsonTree(optim));
        o.addProperty("seed", seed);
        o.addProperty("tasks", tasks);
        o.addProperty("threads", threads);
        o.addProperty("inputCol", inputCol);
        o.addProperty("labelCol", labelCol);
        o.addProperty("examples", examples);
        return (pretty ? PRETTY : COMPACT).toJson(o);
    }

    /** The record in {@code json}; {@code source} names it in errors. */
    static RunRecord parse(String json, String source) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            return new RunRecord(COMPACT.toJson(field(o, "model", source)), field(o, "kind", source).getAsString(),
                    COMPACT.fromJson(field(o, "optim", source), OptimConfig.class), field(o, "seed", source).getAsLong(),
                    field(o, "tasks", source).getAsInt(), field(o, "threads", source).getAsInt(),
                    field(o, "inputCol", source).getAsString(), field(o, "labelCol", source).getAsString(),
                    field(o, "examples", source).getAsLong());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IOException(source + ": not the record of a Spark run (" + e.getMessage() + ")", e);
        }
    }

    /** Field {@code name} of {@code o}, which a run record must have. */
    private static JsonElement field(JsonObject o, String name, String source) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IOException(source + ": not the record of a Spark run (no field '" + name + "')");
        }
        return e;
    }

    /**
     * What a resumed run with {@code now} would change that it must not (the model, the data's
     * size, the seed, the optimization but its epochs), one phrase each; empty if nothing.
     */
    List<String> conflicts(RunRecord now) {
        List<String> out = new ArrayList<>();
        if (!JsonParser.parseString(model).equals(JsonParser.parseString(now.model))) {
            out.add("another model spec");
        }
        add(out, "kind", kind, now.kind);
        add(out, "seed", seed, now.seed);
        add(out, "training examples", examples, now.examples);
        add(out, "batch", optim.batch(), now.optim.batch());
        add(out, "lr", optim.lr(), now.optim.lr());
        add(out, "weight decay", optim.weightDecay(), now.optim.weightDecay());
        add(out, "warmup", optim.warmup(), now.optim.warmup());
        add(out, "clip", optim.clip(), now.optim.clip());
        return out;
    }

    private static void add(List<String> out, String what, Object was, Object is) {
        if (!Objects.equals(was, is)) {
            out.add(what + " " + was + " → " + is);
        }
    }
}

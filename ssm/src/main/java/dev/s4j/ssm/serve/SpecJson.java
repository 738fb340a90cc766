package dev.s4j.ssm.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonSerializer;
import com.google.gson.JsonDeserializer;
import dev.s4j.ssm.kernel.DenseSpec;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.model.BackboneSpec;

/**
 * A {@link BackboneSpec} as JSON, the way model files carry it: the records' fields by name, the
 * kernel tagged by its kind ({@code "kind": "s4" | "s4d" | "lssl"}).
 */
public final class SpecJson {
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelSpec.class, (JsonSerializer<KernelSpec>) (spec, type, ctx) -> {
                JsonObject o = ctx.serialize(spec, spec.getClass()).getAsJsonObject();
                JsonObject tagged = new JsonObject();
                tagged.addProperty("kind", kind(spec));
                o.entrySet().forEach(e -> tagged.add(e.getKey(), e.getValue()));
                return tagged;
            })
            .registerTypeAdapter(KernelSpec.class, (JsonDeserializer<KernelSpec>) (json, type, ctx) -> {
                JsonObject o = json.getAsJsonObject();
                JsonElement kind = o.get("kind");
                Class<? extends KernelSpec> c = kind == null ? null : switch (kind.getAsString()) {
                    case "s4" -> NplrSpec.class;
                    case "s4d" -> DiagonalSpec.class;
                    case "lssl" -> DenseSpec.class;
                    default -> null;
                };
                if (c == null) {
                    throw new JsonParseException("kernel 'kind' must be s4, s4d or lssl, got " + kind);
                }
                return ctx.deserialize(o, c);
            })
            .serializeSpecialFloatingPointValues()
            .create();

    private SpecJson() {
    }

    private static String kind(KernelSpec spec) {
        if (spec instanceof NplrSpec) {
            return "s4";
        }
        return spec instanceof DiagonalSpec ? "s4d" : "lssl";
    }

    /** The JSON text of {@code spec}. */
    public static String toJson(BackboneSpec spec) {
        return GSON.toJson(spec);
    }

    /**
     * The spec in {@code json}; a malformed or incomplete one fails naming the problem (every field
     * is checked by the records' own constructors).
     */
    public static BackboneSpec fromJson(String json) {
        try {
            JsonElement tree = JsonParser.parseString(json);
            BackboneSpec spec = GSON.fromJson(tree, BackboneSpec.class);
            if (spec == null || spec.block() == null || spec.block().kernel() == null || spec.norm() == null
                    || spec.pooling() == null || spec.block().activation() == null) {
                throw new IllegalArgumentException("model spec: incomplete (block, kernel, norm, pooling and activation are required)");
            }
            return spec;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException("model spec: not valid for a model: " + root.getMessage(), e);
        }
    }
}

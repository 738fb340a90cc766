package dev.s4j.examples.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.file.Path;

/** JSON of configs and records (Gson; file paths as strings, non-finite numbers allowed). */
final class Json {
    private static final TypeAdapter<Path> PATHS = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Path value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Path.of(in.nextString());
        }
    };

    /** One-line JSON. */
    static final Gson COMPACT = builder().create();
    /** Indented JSON for files people read. */
    static final Gson PRETTY = builder().setPrettyPrinting().create();

    private Json() {
    }

    private static GsonBuilder builder() {
        return new GsonBuilder().registerTypeHierarchyAdapter(Path.class, PATHS).serializeSpecialFloatingPointValues()
                .disableHtmlEscaping();
    }

    /** Parses {@code json} as {@code type}; {@code what} names the source in the error. */
    static <T> T parse(String json, Class<T> type, String what) throws IOException {
        try {
            T value = COMPACT.fromJson(json, type);
            if (value == null) {
                throw new IOException(what + ": empty");
            }
            return value;
        } catch (RuntimeException e) {
            // Gson wraps a record constructor's validation error in a RuntimeException; report the cause.
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IOException(what + ": " + cause.getMessage(), e);
        }
    }
}

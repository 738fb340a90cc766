package dev.s4j.examples.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.accel.Accelerators;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Where benchmark results go: one JSON object per line, fields in a fixed order. */
public final class BenchOutput {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();
    private final PrintWriter out;
    private final Consumer<String> progress;

    /**
     * @param out      receives the JSON lines
     * @param progress receives human-readable progress (for example standard error)
     */
    public BenchOutput(PrintWriter out, Consumer<String> progress) {
        this.out = out;
        this.progress = progress;
    }

    /** A line under construction. */
    static Line line(String bench) {
        return new Line().put("bench", bench);
    }

    /** Prints a line, with the backend of the heavy stages as its last field ({@code accelerator}). */
    void emit(Line line) {
        line.fields.putIfAbsent("accelerator", Accelerators.active().name());
        out.println(GSON.toJson(line.fields));
        out.flush();
    }

    void progress(String message) {
        progress.accept(message);
    }

    /** An ordered set of fields. */
    static final class Line {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        Line put(String key, Object value) {
            fields.put(key, value);
            return this;
        }

        /** median_s, min_s, reps, peak_mib, dtype (float32) and threads. */
        Line timing(Timing t) {
            return put("median_s", t.medianS()).put("min_s", t.minS()).put("reps", t.reps())
                    .put("peak_mib", Math.round(t.peakMib() * 10) / 10.0).put("dtype", "float32")
                    .put("threads", Parallel.threads());
        }

        Map<String, Object> fields() {
            return fields;
        }
    }
}

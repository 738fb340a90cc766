package dev.s4j.examples.train;

import dev.s4j.examples.data.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run's data look like, saved in its checkpoint so that resuming on other data is refused.
 *
 * @param task     task name
 * @param train    training examples
 * @param val      validation examples
 * @param test     test examples
 * @param length   L, positions per sequence
 * @param features input features per position
 * @param outputs  output features (classes or values)
 */
public record DataShape(String task, int train, int val, int test, int length, int features, int outputs) {

    /** The shape of {@code t}'s data. */
    public static DataShape of(Task t) {
        return new DataShape(t.name(), t.train().size(), t.validation().size(), t.test().size(), t.length(), t.features(),
                t.objective().outputSize());
    }

    /** What differs between this (saved) shape and {@code now}, one phrase each ("train size 8000 → 60000"); empty if none. */
    public List<String> differences(DataShape now) {
        List<String> out = new ArrayList<>();
        if (!task.equals(now.task)) {
            out.add("task " + task + " → " + now.task);
        }
        add(out, "training examples", train, now.train);
        add(out, "validation examples", val, now.val);
        add(out, "test examples", test, now.test);
        add(out, "sequence length", length, now.length);
        add(out, "input features", features, now.features);
        add(out, "outputs", outputs, now.outputs);
        return out;
    }

    private static void add(List<String> out, String what, int was, int is) {
        if (was != is) {
            out.add(what + " " + was + " → " + is);
        }
    }
}

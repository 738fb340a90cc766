package dev.s4j.examples.train;

import dev.s4j.examples.data.Batch;
import dev.s4j.examples.data.SequenceDataset;
import dev.s4j.examples.data.Targets;
import dev.s4j.examples.data.Task;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What a run's data look like, saved in its checkpoint so that resuming on other data is refused.
 *
 * @param task     task name
 * @param train    training examples
 * @param val      validation examples
 * @param test     test examples
 * @param length   L, positions per sequence
 * @param features input features per position
 * @param outputs     output features (classes or values)
 * @param fingerprint CRC-32 of the first and last examples of every split (inputs and targets):
 *                    other data of the same sizes differ here; 0 in checkpoints written before
 */
public record DataShape(String task, int train, int val, int test, int length, int features, int outputs, long fingerprint) {
    /** Examples taken from each end of each split for the fingerprint. */
    private static final int ENDS = 8;

    /** The shape of {@code t}'s data. */
    public static DataShape of(Task t) {
        return new DataShape(t.name(), t.train().size(), t.validation().size(), t.test().size(), t.length(), t.features(),
                t.objective().outputSize(), fingerprint(t));
    }

    private static long fingerprint(Task t) {
        CRC32 crc = new CRC32();
        for (SequenceDataset split : List.of(t.train(), t.validation(), t.test())) {
            int n = split.size();
            List<Integer> picked = new ArrayList<>();
            for (int i = 0; i < Math.min(ENDS, n); i++) {
                picked.add(i);
            }
            for (int i = Math.max(ENDS, n - ENDS); i < n; i++) {
                picked.add(i);
            }
            if (picked.isEmpty()) {
                continue;
            }
            Batch b = split.batch(picked.stream().mapToInt(Integer::intValue).toArray());
            update(crc, b.inputs().toFloatArray());
            if (b.targets() instanceof Targets.Classes c) {
                ByteBuffer buf = ByteBuffer.allocate(4 * c.labels().length);
                buf.asIntBuffer().put(c.labels());
                crc.update(buf.array());
            } else if (b.targets() instanceof Targets.Values v) {
                update(crc, v.values().toFloatArray());
            }
        }
        return crc.getValue();
    }

    private static void update(CRC32 crc, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length);
        buf.asFloatBuffer().put(values);
        crc.update(buf.array());
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
        if (out.isEmpty() && fingerprint != 0 && fingerprint != now.fingerprint) {
            out.add("the same sizes but other examples");
        }
        return out;
    }

    private static void add(List<String> out, String what, int was, int is) {
        if (was != is) {
            out.add(what + " " + was + " → " + is);
        }
    }
}

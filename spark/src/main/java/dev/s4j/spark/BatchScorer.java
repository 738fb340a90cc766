package dev.s4j.spark;

import dev.s4j.spark.SequenceColumn.Sequence;
import dev.s4j.ssm.serve.Predictor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition: reads up to {@code batchSize} rows at a time, runs the valid ones through
 * the executor's {@link Predictor} as one ragged batch (each row's output is the row's output
 * computed alone), and emits every input row with the output columns appended; a row that cannot
 * be scored gets nulls and the reason in the error column instead of failing the task. The model
 * is built from the broadcast bytes once per executor JVM ({@link PredictorCache}).
 */
final class BatchScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> model;
    private final String key;
    private final SequenceColumn input;
    private final OutputColumns outputs;
    private final int batchSize;

    BatchScorer(Broadcast<byte[]> model, String key, SequenceColumn input, OutputColumns outputs, int batchSize) {
        this.model = model;
        this.key = key;
        this.input = input;
        this.outputs = outputs;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) {
                    List<Row> batch = new ArrayList<>(batchSize);
                    while (batch.size() < batchSize && rows.hasNext()) {
                        batch.add(rows.next());
                    }
                    ready.addAll(score(batch));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    /** The rows of {@code batch}, in order, with the output columns appended. */
    List<Row> score(List<Row> batch) {
        Object[][] appended = new Object[batch.size()][];
        List<float[][]> valid = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int r = 0; r < batch.size(); r++) {
            Sequence s = input.read(batch.get(r));
            if (s.error() != null) {
                appended[r] = outputs.failed(s.error());
            } else {
                valid.add(s.values());
                at.add(r);
            }
        }
        if (!valid.isEmpty()) {
            Predictor p = PredictorCache.get(key, model::value);
            float[][] out = p.predict(valid.toArray(new float[0][][]));   // (B_valid, d_out)
            for (int i = 0; i < out.length; i++) {
                appended[at.get(i)] = outputs.scored(out[i]);
            }
        }
        List<Row> result = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            Row row = batch.get(r);
            Object[] values = new Object[row.length() + appended[r].length];
            for (int c = 0; c < row.length(); c++) {
                values[c] = row.get(c);
            }
            System.arraycopy(appended[r], 0, values, row.length(), appended[r].length);
            result.add(RowFactory.create(values));
        }
        return result;
    }
}

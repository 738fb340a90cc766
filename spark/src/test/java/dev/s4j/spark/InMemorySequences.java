package dev.s4j.spark;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.examples.data.Batch;
import dev.s4j.examples.data.SequenceDataset;
import dev.s4j.examples.data.Targets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Labelled sequences of one length and one feature, held in memory: class c has mean c / 2 plus
 * noise. The same examples as a {@link SequenceDataset} (for {@code s4j train}'s Trainer) and as a
 * DataFrame ({@code x: array<float>}, {@code label: int}) in the same order.
 */
final class InMemorySequences implements SequenceDataset {
    private final float[][] x;
    private final int[] labels;

    InMemorySequences(int count, int length, int classes, long seed) {
        Generator gen = new Generator(seed);
        x = new float[count][length];
        labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = gen.nextInt(classes);
            for (int t = 0; t < length; t++) {
                x[i][t] = (float) (labels[i] / 2.0 + gen.nextGaussian());
            }
        }
    }

    @Override
    public int size() {
        return x.length;
    }

    @Override
    public Batch batch(int[] indices) {
        int l = x[0].length;
        float[] data = new float[indices.length * l];
        int[] y = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(x[indices[b]], 0, data, b * l, l);
            y[b] = labels[indices[b]];
        }
        return new Batch(Tensor.of(data, indices.length, l, 1), new Targets.Classes(y));
    }

    /** The examples as rows (x array<float>, label int), in order, in {@code partitions} partitions. */
    Dataset<Row> frame(SparkSession spark, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            List<Float> v = new ArrayList<>();
            for (float f : x[i]) {
                v.add(f);
            }
            rows.add(RowFactory.create(v, labels[i]));
        }
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema).coalesce(partitions);
    }
}

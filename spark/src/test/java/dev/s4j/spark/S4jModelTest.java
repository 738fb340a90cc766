package dev.s4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Generator;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import dev.s4j.ssm.serve.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch inference on local[2]: the same outputs as the single-JVM Predictor, bad rows, persistence. */
class S4jModelTest {
    private static SparkSession spark;
    /** 1 feature per position, 3 classes, S4 blocks. */
    private static Predictor classifier;
    /** 3 features per position, 2 values, S4D blocks, last-position pooling. */
    private static Predictor regressor;

    @BeforeAll
    static void setUp() {
        spark = LocalSpark.session();
        classifier = Predictor.of(new Backbone(BackboneSpec.of(1, 3).withWidth(8).withLayers(2)
                .withBlock(BlockSpec.of(NplrSpec.of(8))), new Generator(7)));
        regressor = Predictor.of(new Backbone(BackboneSpec.of(3, 2).withWidth(8).withLayers(1)
                .withBlock(BlockSpec.of(DiagonalSpec.of(8))).withPooling(Pooling.LAST), new Generator(8)));
    }

    /** Sequences of lengths 1, 4, 7, … with values from {@code gen}: (L, d). */
    private static List<float[][]> sequences(int rows, int features, Generator gen) {
        List<float[][]> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            float[][] x = new float[1 + 3 * r][features];
            for (float[] p : x) {
                for (int f = 0; f < features; f++) {
                    p[f] = (float) gen.nextGaussian();
                }
            }
            out.add(x);
        }
        return out;
    }

    private static Dataset<Row> flat(List<float[][]> seqs) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            Float[] v = new Float[seqs.get(i).length];
            for (int t = 0; t < v.length; t++) {
                v[t] = seqs.get(i)[t][0];
            }
            rows.add(RowFactory.create(i, Arrays.asList(v)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.createArrayType(DataTypes.FloatType));
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    private static Dataset<Row> nested(List<float[][]> seqs) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            rows.add(RowFactory.create(i, nestedValue(seqs.get(i))));
        }
        return spark.createDataFrame(rows, nestedSchema()).repartition(2);
    }

    private static StructType nestedSchema() {
        return new StructType().add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
    }

    private static List<List<Double>> nestedValue(float[][] x) {
        List<List<Double>> positions = new ArrayList<>();
        for (float[] p : x) {
            List<Double> f = new ArrayList<>();
            for (float v : p) {
                f.add((double) v);
            }
            positions.add(f);
        }
        return positions;
    }

    private static void assertClose(float[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-6 * Math.max(1, Math.abs(expected[k])), what + " output " + k);
        }
    }

    @Test
    void classifierOnArrayOfFloatMatchesPredictorRowByRow() {
        List<float[][]> seqs = sequences(11, 1, new Generator(1));
        S4jModel model = S4jModel.of(classifier, ModelKind.CLASSIFIER).setInputCol("x").setBatchSize(3);
        long builds = PredictorCache.builds();
        List<Row> out = model.transform(flat(seqs)).orderBy("id").collectAsList();
        assertTrue(PredictorCache.builds() - builds <= 1, "the predictor is built at most once per JVM");
        assertEquals(seqs.size(), out.size());
        for (Row r : out) {
            int id = r.getInt(0);
            float[] expected = classifier.predict(seqs.get(id));      // the row alone, in this JVM
            double[] raw = ((Vector) r.getAs("rawPrediction")).toArray();
            assertClose(expected, raw, "row " + id);
            int argmax = 0;
            for (int k = 1; k < raw.length; k++) {
                argmax = raw[k] > raw[argmax] ? k : argmax;
            }
            assertEquals(argmax, (double) r.getAs("prediction"), 0, "row " + id);
            assertArrayEquals(OutputColumns.softmax(raw), ((Vector) r.getAs("probability")).toArray(), 1e-12);
            assertEquals(1, Arrays.stream(((Vector) r.getAs("probability")).toArray()).sum(), 1e-12);
            assertNull(r.getAs("error"), "row " + id);
        }
    }

    @Test
    void regressorOnArrayOfArraysMatchesPredictorRowByRow() {
        List<float[][]> seqs = sequences(9, 3, new Generator(2));
        S4jModel model = S4jModel.of(regressor, ModelKind.REGRESSOR).setInputCol("x").setBatchSize(4);
        Dataset<Row> scored = model.transform(nested(seqs));
        assertEquals(List.of("id", "x", "prediction", "error"), Arrays.asList(scored.columns()), "a regressor adds no class columns");
        for (Row r : scored.orderBy("id").collectAsList()) {
            int id = r.getInt(0);
            assertClose(regressor.predict(seqs.get(id)), ((Vector) r.getAs("prediction")).toArray(), "row " + id);
        }
    }

    @Test
    void badRowsGetNullAndTheReasonWhileTheirBatchIsScored() {
        List<float[][]> good = sequences(3, 3, new Generator(3));
        float[][] nan = new float[][] {{1, 2, 3}, {4, Float.NaN, 6}};
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(0, nestedValue(good.get(0))));
        rows.add(RowFactory.create(1, List.of(List.of(1.0, 2.0, 3.0), List.of(1.0, 2.0))));     // wrong width at position 1
        rows.add(RowFactory.create(2, nestedValue(nan)));
        rows.add(RowFactory.create(3, List.of()));                                             // empty
        rows.add(RowFactory.create(4, null));
        rows.add(RowFactory.create(5, nestedValue(good.get(1))));
        rows.add(RowFactory.create(6, nestedValue(good.get(2))));
        S4jModel model = S4jModel.of(regressor, ModelKind.REGRESSOR).setInputCol("x").setBatchSize(8);
        List<Row> out = model.transform(spark.createDataFrame(rows, nestedSchema()).coalesce(1)).orderBy("id").collectAsList();
        String[] errors = out.stream().map(r -> (String) r.getAs("error")).toArray(String[]::new);
        assertEquals("x: position 1 has 2 values; the model takes 3 per position", errors[1]);
        assertEquals("x: position 1, feature 1 is NaN", errors[2]);
        assertEquals("x is empty; a sequence needs at least one position", errors[3]);
        assertEquals("x is null", errors[4]);
        for (int bad = 1; bad <= 4; bad++) {
            assertTrue(out.get(bad).isNullAt(out.get(bad).fieldIndex("prediction")), "row " + bad);
        }
        int[] goodIds = {0, 5, 6};
        for (int g = 0; g < goodIds.length; g++) {
            Row r = out.get(goodIds[g]);
            assertNull(errors[goodIds[g]]);
            assertClose(regressor.predict(good.get(g)), ((Vector) r.getAs("prediction")).toArray(), "row " + goodIds[g]);
        }
    }

    @Test
    void columnsOfTheWrongTypeAreRefusedNamingTheColumn() {
        List<float[][]> seqs = sequences(2, 1, new Generator(4));
        S4jModel forThree = S4jModel.of(regressor, ModelKind.REGRESSOR).setInputCol("x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> forThree.transform(flat(seqs)));
        assertTrue(e.getMessage().contains("input column 'x' is array<float> (one feature per position) but the model takes 3"),
                e.getMessage());
        S4jModel wrongName = S4jModel.of(classifier, ModelKind.CLASSIFIER).setInputCol("pixels");
        e = assertThrows(IllegalArgumentException.class, () -> wrongName.transform(flat(seqs)));
        assertTrue(e.getMessage().contains("input column 'pixels' is not in the data"), e.getMessage());
        S4jModel clash = S4jModel.of(classifier, ModelKind.CLASSIFIER).setInputCol("x").setPredictionCol("id");
        e = assertThrows(IllegalArgumentException.class, () -> clash.transform(flat(seqs)));
        assertTrue(e.getMessage().contains("output column 'id' already exists"), e.getMessage());
    }

    @Test
    void savedInsideAPipelineLoadsAndScoresTheSame(@TempDir Path dir) throws Exception {
        List<float[][]> seqs = sequences(6, 1, new Generator(5));
        S4jModel model = S4jModel.of(classifier, ModelKind.CLASSIFIER).setInputCol("x").setBatchSize(5).setErrorCol("why");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {model}).fit(flat(seqs));
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        assertTrue(Files.isRegularFile(dir.resolve("pipeline/stages/0_" + model.uid() + "/data/model.safetensors")));

        PipelineModel loaded = PipelineModel.load(path);
        S4jModel stage = (S4jModel) loaded.stages()[0];
        assertEquals(model.uid(), stage.uid());
        assertEquals(5, stage.getBatchSize());
        assertEquals(ModelKind.CLASSIFIER, stage.kind());
        assertEquals(model.modelBytes().key(), stage.modelBytes().key());
        List<Row> before = fitted.transform(flat(seqs)).orderBy("id").collectAsList();
        List<Row> after = loaded.transform(flat(seqs)).orderBy("id").collectAsList();
        assertEquals(before, after);
        assertTrue(Arrays.asList(loaded.transform(flat(seqs)).columns()).contains("why"));
    }

    @Test
    void loadingAModelFileAsASavedModelSaysWhatToCallInstead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.safetensors");
        classifier.save(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S4jModel.load(file.toString()));
        assertTrue(e.getMessage().contains("not a saved S4jModel") && e.getMessage().contains("S4jModel.of"), e.getMessage());
    }
}

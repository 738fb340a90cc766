package dev.s4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.examples.data.Objective;
import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.TaskName;
import dev.s4j.examples.data.TaskSpec;
import dev.s4j.examples.train.EvalRecord;
import dev.s4j.examples.train.KernelKind;
import dev.s4j.examples.train.ModelConfig;
import dev.s4j.examples.train.Models;
import dev.s4j.examples.train.OptimConfig;
import dev.s4j.examples.train.RunDirectory;
import dev.s4j.examples.train.TrainConfig;
import dev.s4j.examples.train.Trainer;
import dev.s4j.examples.train.TrainingListener;
import dev.s4j.ssm.kernel.InitConvention;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.serve.Predictor;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data-parallel training on local[2]: s4j train's losses, the run directory, resuming. */
class S4jEstimatorTest {
    private static SparkSession spark;
    /** A small S4D model with dropout, as s4j train builds it. */
    private static final ModelConfig MODEL = new ModelConfig(KernelKind.S4D, 2, 16, 8, 0.1, 0.001, InitConvention.OFFICIAL);

    @BeforeAll
    static void setUp() {
        spark = LocalSpark.session();
    }

    private static Task task(InMemorySequences train) {
        InMemorySequences small = new InMemorySequences(16, 16, 4, 99);
        return new Task("memory", "in-memory sequences", 16, 1, Objective.Classification.perSequence(4), train, small, small);
    }

    @Test
    void twoTasksOfSixteenTakeTheStepsOfOneProcessWithBatchThirtyTwo(@TempDir Path dir) throws Exception {
        InMemorySequences data = new InMemorySequences(160, 16, 4, 1);      // 5 steps of 32
        Task task = task(data);
        OptimConfig optim = OptimConfig.defaults().withEpochs(1).withBatch(32);
        TrainConfig config = TrainConfig.defaults().withTask(TaskSpec.of(TaskName.SMNIST)).withModel(MODEL).withOptim(optim)
                .withSeed(3).withAccelerator("cpu");
        List<Double> means = new ArrayList<>();
        try (Trainer t = Trainer.start(config, task, new RunDirectory(dir.resolve("one-process")), new TrainingListener() {
            @Override
            public void stepped(int stepInEpoch, double loss, Double acc, double samplesPerSecond) {
                means.add(loss);                                             // the epoch's running mean
            }
        })) {
            t.run();
        }
        double[] expected = new double[means.size()];
        for (int s = 0; s < expected.length; s++) {
            expected[s] = means.get(s) * (s + 1) - (s == 0 ? 0 : means.get(s - 1) * s);
        }

        BackboneSpec spec = Models.spec(MODEL, task);
        SparkTrainConfig sparkConfig = SparkTrainConfig.of(spec, ModelKind.CLASSIFIER, dir.resolve("spark"))
                .withOptim(optim).withSeed(3).withTasks(2);
        S4jModel model = new S4jEstimator(sparkConfig).setInputCol("x").fit(data.frame(spark, 2));
        double[] losses = model.summary().losses();

        assertEquals(5, expected.length);
        assertArrayEquals(expected, losses, 1e-5, "per-step losses of 2 tasks × 16 and 1 process × 32");
        assertTrue(Math.abs(losses[4] - losses[0]) > 1e-3, "the steps change the model");
    }

    @Test
    void writesTheRunDirectoryAndResumesToTheBytesOfAnUnstoppedRun(@TempDir Path dir) throws Exception {
        InMemorySequences data = new InMemorySequences(40, 12, 3, 2);       // 3 steps of 16 per epoch, the last of 8
        Dataset<Row> frame = data.frame(spark, 3).withColumn("label", functions.col("label").cast("double"));
        BackboneSpec spec = Models.spec(MODEL, new Task("memory", "", 12, 1, Objective.Classification.perSequence(3), data, data, data));
        SparkTrainConfig twoEpochs = SparkTrainConfig.of(spec, ModelKind.CLASSIFIER, dir.resolve("straight")).withExchange(Exchange.ALL_GATHER)
                .withOptim(OptimConfig.defaults().withEpochs(2).withBatch(16)).withSeed(5).withTasks(2);
        S4jModel straight = new S4jEstimator(twoEpochs).setInputCol("x").fit(frame);

        Path resumedDir = dir.resolve("resumed");
        S4jModel stopped = new S4jEstimator(twoEpochs.withRun(resumedDir).withMaxMinutes(1e-9)).setInputCol("x").fit(frame);
        assertTrue(stopped.summary().stopped().startsWith("time budget"), stopped.summary().stopped());
        assertEquals(3, stopped.summary().losses().length, "one epoch ran");
        UncheckedIOException taken = assertThrows(UncheckedIOException.class,
                () -> new S4jEstimator(twoEpochs.withRun(resumedDir)).setInputCol("x").fit(frame));
        assertTrue(taken.getMessage().contains("already holds a run"), taken.getMessage());
        S4jModel resumed = new S4jEstimator(twoEpochs.withRun(resumedDir).withResume(true)).setInputCol("x").fit(frame);

        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/checkpoint.safetensors")),
                Files.readAllBytes(resumedDir.resolve("checkpoint.safetensors")), "resumed run ends with the same bytes");
        assertEquals(3, resumed.summary().firstStep());
        assertEquals(3, resumed.summary().losses().length);
        assertArrayEquals(java.util.Arrays.copyOfRange(straight.summary().losses(), 3, 6), resumed.summary().losses(), 0);
        List<EvalRecord> lines = new RunDirectory(resumedDir).readMetrics();
        assertEquals(List.of(1, 2), lines.stream().map(EvalRecord::epoch).toList());
        assertEquals(6, lines.get(1).step());
        assertTrue(Files.readString(resumedDir.resolve("config.json")).contains("\"tasks\": 2"));
        assertEquals(straight.modelBytes().key(), resumed.modelBytes().key());
        assertEquals(straight.modelBytes().key(), S4jModel.of(Predictor.load(resumedDir), ModelKind.CLASSIFIER).modelBytes().key(),
                "Predictor.load serves the run directory");
        assertEquals(40, resumed.transform(frame).filter("error is null").count());

        IllegalArgumentException finished = assertThrows(IllegalArgumentException.class,
                () -> new S4jEstimator(twoEpochs.withRun(resumedDir).withResume(true)).setInputCol("x").fit(frame));
        assertTrue(finished.getMessage().contains("has trained 2 epochs"), finished.getMessage());
    }

    @Test
    void refusesAnExampleItCannotTrainOnNamingIt(@TempDir Path dir) {
        InMemorySequences data = new InMemorySequences(10, 8, 3, 4);
        Dataset<Row> frame = data.frame(spark, 2).withColumn("label",
                functions.when(functions.monotonically_increasing_id().equalTo(0), 7).otherwise(functions.col("label")));
        BackboneSpec spec = Models.spec(MODEL, new Task("memory", "", 8, 1, Objective.Classification.perSequence(3), data, data, data));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new S4jEstimator(
                SparkTrainConfig.of(spec, ModelKind.CLASSIFIER, dir.resolve("run"))).setInputCol("x").fit(frame));
        assertEquals("cannot train on example 0: label is 7; a class index must be a whole number in [0, 3)", e.getMessage());
        assertTrue(!Files.exists(dir.resolve("run")), "a refused fit leaves no run directory");
    }

    @Test
    void moreTasksThanALocalMasterHasSlotsAreRefusedAtOnce(@TempDir Path dir) {
        InMemorySequences data = new InMemorySequences(12, 8, 3, 6);
        BackboneSpec spec = Models.spec(MODEL, new Task("memory", "", 8, 1, Objective.Classification.perSequence(3), data, data, data));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new S4jEstimator(
                SparkTrainConfig.of(spec, ModelKind.CLASSIFIER, dir.resolve("run")).withTasks(3)).setInputCol("x")
                .fit(data.frame(spark, 2)));
        assertEquals("withTasks(3): a barrier stage needs all its tasks at once, and master local[2] has 2 task slots; ask for at"
                + " most 2", e.getMessage());
    }
}

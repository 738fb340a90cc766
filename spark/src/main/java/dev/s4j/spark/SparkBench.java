package dev.s4j.spark;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Parallel;
import dev.s4j.examples.train.EvalRecord;
import dev.s4j.examples.train.KernelKind;
import dev.s4j.examples.train.OptimConfig;
import dev.s4j.ssm.kernel.InitConvention;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.serve.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Measures s4j on Spark against s4j in one JVM, with the model {@code s4j train} trains by
 * default (4 S4 blocks, H = 64, N = 64, float32, 1 input feature, 10 classes) on random
 * sequences:
 * <ul>
 *   <li>batch inference: rows per second of {@link S4jModel} over a cached DataFrame (every
 *       output computed, written to Spark's no-op sink) against {@link Predictor#predict} on the
 *       same rows in batches of the same size, in this JVM: called from one thread with every
 *       core in s4j's pool, and called from as many threads as Spark has task slots with the
 *       executor's s4j threads (Spark's layout of the work, without Spark);</li>
 *   <li>training: seconds per step of {@link S4jEstimator} (a warm epoch's time over its steps)
 *       against the same step in one process (s4j train's arithmetic, {@link Replica} on the whole
 *       batch), and the difference: Spark's per-step overhead.</li>
 * </ul>
 * Prints one JSON object per measurement. Options: {@code --rows} (2048), {@code --length} (784),
 * {@code --repeats} (3; the median is reported, after one untimed run), {@code --train-examples}
 * (256), {@code --tasks} (2), {@code --executor-threads} (1: s4j threads per executor JVM while
 * Spark runs, its task slots being the parallelism; the single-JVM runs use every core). The master is {@code spark.master} when set (spark-submit sets it),
 * else local[2].
 */
public final class SparkBench {
    private SparkBench() {
    }

    /**
     * @param rows          rows scored per inference run
     * @param length        L, positions per sequence
     * @param repeats       timed inference runs
     * @param trainExamples examples per training epoch
     * @param tasks         barrier tasks of the Spark training
     * @param executorThreads s4j threads of the executor JVM while Spark computes (in local mode this
     *                      JVM, whose task slots already run in parallel); the single-JVM runs use all cores
     */
    record Settings(int rows, int length, int repeats, int trainExamples, int tasks, int executorThreads) {
        static Settings parse(String[] args) {
            int[] v = {2048, 784, 3, 256, 2, 1};
            List<String> names = List.of("--rows", "--length", "--repeats", "--train-examples", "--tasks", "--executor-threads");
            for (int i = 0; i < args.length; i += 2) {
                int at = names.indexOf(args[i]);
                if (at < 0 || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: " + names);
                }
                try {
                    v[at] = Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(args[i] + " must be a whole number, got " + args[i + 1]);
                }
                if (v[at] < 1) {
                    throw new IllegalArgumentException(args[i] + " must be at least 1, got " + v[at]);
                }
            }
            return new Settings(v[0], v[1], v[2], v[3], v[4], v[5]);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        SparkSession.Builder builder = SparkSession.builder().appName("s4j-spark-bench").config("spark.ui.enabled", false);
        if (System.getProperty("spark.master") == null) {
            builder.master("local[2]").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            inference(spark, s);
            training(spark, s);
        } finally {
            spark.stop();
        }
        System.exit(0);      // Spark 3.5 leaves a non-daemon timer thread behind after barrier stages in local mode
    }

    /** s4j train's default model for {@code classes} classes of one-feature sequences. */
    static BackboneSpec defaultModel(int classes) {
        BlockSpec block = BlockSpec.of(KernelKind.S4.spec(64, 0.001, InitConvention.OFFICIAL));
        return BackboneSpec.of(1, classes).withWidth(64).withLayers(4).withBlock(block);
    }

    private static List<float[][]> sequences(int rows, int length, long seed) {
        Generator gen = new Generator(seed);
        List<float[][]> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            float[][] x = new float[length][1];
            for (float[] p : x) {
                p[0] = (float) gen.nextGaussian();
            }
            out.add(x);
        }
        return out;
    }

    private static Dataset<Row> frame(SparkSession spark, List<float[][]> seqs, int[] labels, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            List<Float> v = new ArrayList<>();
            for (float[] p : seqs.get(i)) {
                v.add(p[0]);
            }
            rows.add(RowFactory.create(v, labels[i]));
        }
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema).repartition(partitions).cache();
    }

    private static void inference(SparkSession spark, Settings s) throws Exception {
        int batch = 64;
        Predictor predictor = Predictor.of(new Backbone(defaultModel(10), new Generator(0)));
        List<float[][]> seqs = sequences(s.rows(), s.length(), 1);
        double[] local = new double[s.repeats()];
        for (int r = -1; r < s.repeats(); r++) {
            long t0 = System.nanoTime();
            for (int from = 0; from < seqs.size(); from += batch) {
                predictor.predict(seqs.subList(from, Math.min(seqs.size(), from + batch)).toArray(new float[0][][]));
            }
            if (r >= 0) {
                local[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        int partitions = spark.sparkContext().defaultParallelism();
        int cores = Parallel.threads();
        Parallel.setThreads(s.executorThreads());
        double[] callers = new double[s.repeats()];
        ExecutorService pool = Executors.newFixedThreadPool(partitions);
        for (int r = -1; r < s.repeats(); r++) {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int from = 0; from < seqs.size(); from += batch) {
                float[][][] rows = seqs.subList(from, Math.min(seqs.size(), from + batch)).toArray(new float[0][][]);
                done.add(pool.submit(() -> predictor.predict(rows)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            if (r >= 0) {
                callers[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        pool.shutdown();
        Dataset<Row> df = frame(spark, seqs, new int[seqs.size()], partitions);
        df.count();
        S4jModel model = S4jModel.of(predictor, ModelKind.CLASSIFIER).setInputCol("x").setBatchSize(batch);
        double[] distributed = new double[s.repeats()];
        for (int r = -1; r < s.repeats(); r++) {
            long t0 = System.nanoTime();
            model.transform(df).write().format("noop").mode("overwrite").save();
            if (r >= 0) {
                distributed[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        df.unpersist();
        Parallel.setThreads(cores);
        String common = String.format(Locale.ROOT, "\"rows\":%d,\"length\":%d,\"batch\":%d,\"dtype\":\"float32\"", s.rows(), s.length(),
                batch);
        System.out.printf(Locale.ROOT, "{\"bench\":\"spark-inference\",\"mode\":\"predictor\",%s,\"threads\":%d,\"rows_per_s\":%.1f}%n",
                common, cores, s.rows() / median(local));
        System.out.printf(Locale.ROOT, "{\"bench\":\"spark-inference\",\"mode\":\"predictor-callers\",%s,\"callers\":%d,"
                + "\"threads\":%d,\"rows_per_s\":%.1f}%n", common, partitions, s.executorThreads(), s.rows() / median(callers));
        System.out.printf(Locale.ROOT, "{\"bench\":\"spark-inference\",\"mode\":\"spark\",\"master\":\"%s\",\"partitions\":%d,%s,"
                + "\"executor_threads\":%d,\"rows_per_s\":%.1f}%n", spark.sparkContext().master(), partitions, common,
                s.executorThreads(), s.rows() / median(distributed));
    }

    private static void training(SparkSession spark, Settings s) throws Exception {
        int batch = 32;
        BackboneSpec spec = defaultModel(10);
        List<float[][]> seqs = sequences(s.trainExamples(), s.length(), 2);
        int[] labels = new int[seqs.size()];
        Generator gen = new Generator(3);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = gen.nextInt(10);
        }
        Path run = Files.createTempDirectory("s4j-spark-bench");
        SparkTrainConfig config = SparkTrainConfig.of(spec, ModelKind.CLASSIFIER, run.resolve("spark"))
                .withOptim(OptimConfig.defaults().withEpochs(2).withBatch(batch)).withTasks(s.tasks()).withThreads(s.executorThreads());
        ShardLayout layout = new ShardLayout(seqs.size(), batch, 1);

        Replica one = Replica.fresh(ReplicaSetup.of(config, layout.steps() * 2L));
        double[] stepSeconds = new double[layout.steps()];
        for (int step = -1; step < layout.steps(); step++) {
            int from = Math.max(step, 0) * batch;
            int to = Math.min(seqs.size(), from + batch);
            Shard shard = new Shard(seqs.subList(from, to).toArray(new float[0][][]), Arrays.copyOfRange(labels, from, to), null, 0,
                    to - from);
            long t0 = System.nanoTime();
            one.backward(Math.max(step, 0), shard);
            one.update(Math.max(step, 0), 0);
            if (step >= 0) {
                stepSeconds[step] = (System.nanoTime() - t0) / 1e9;
            }
        }
        double plain = Arrays.stream(stepSeconds).average().orElseThrow();
        int cores = Parallel.threads();

        Dataset<Row> df = frame(spark, seqs, labels, s.tasks());
        S4jModel fitted = new S4jEstimator(config).setInputCol("x").fit(df);
        List<EvalRecord> epochs = fitted.summary().epochs();
        double sparkStep = epochs.get(epochs.size() - 1).epochSeconds() / layout.steps();     // the warm second epoch
        int stepsRun = fitted.summary().losses().length;
        double computeStep = fitted.summary().computeSeconds() / stepsRun;
        double exchangeStep = fitted.summary().exchangeSeconds() / stepsRun;
        df.unpersist();
        Parallel.setThreads(cores);
        try (var files = Files.walk(run)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        String common = String.format(Locale.ROOT, "\"examples\":%d,\"length\":%d,\"batch\":%d,\"steps\":%d,\"dtype\":\"float32\"",
                seqs.size(), s.length(), batch, layout.steps());
        System.out.printf(Locale.ROOT, "{\"bench\":\"spark-training\",\"mode\":\"one-process\",%s,\"threads\":%d,\"step_s\":%.4f}%n",
                common, cores, plain);
        System.out.printf(Locale.ROOT, "{\"bench\":\"spark-training\",\"mode\":\"spark\",\"master\":\"%s\",\"tasks\":%d,%s,"
                + "\"executor_threads\":%d,\"step_s\":%.4f,\"overhead_s\":%.4f,\"task_compute_s\":%.4f,\"task_exchange_s\":%.4f}%n",
                spark.sparkContext().master(), s.tasks(), common, s.executorThreads(), sparkStep, sparkStep - plain, computeStep,
                exchangeStep);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}

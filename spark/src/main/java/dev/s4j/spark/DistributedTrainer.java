package dev.s4j.spark;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.io.AtomicFiles;
import dev.s4j.examples.data.Seeds;
import dev.s4j.examples.train.EvalRecord;
import dev.s4j.examples.train.RunDirectory;
import dev.s4j.examples.train.RunLock;
import dev.s4j.spark.SequenceColumn.Sequence;
import dev.s4j.ssm.serve.Predictor;
import dev.s4j.ssm.serve.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * The driver's side of data-parallel training: numbers the examples once, then runs one barrier
 * stage per epoch ({@link EpochTask} on every task) and, after each, writes the run directory:
 * {@code checkpoint.safetensors} (model, optimizer, position: the state the next epoch starts
 * from), {@code metrics.jsonl} (a training line per epoch, as {@code s4j train} writes it) and
 * {@code config.json}. The directory is locked ({@link RunLock}) while training.
 *
 * <p>Each epoch's order is {@code s4j train}'s shuffle of the example indices (seed, epoch); every
 * example is sent to the task that computes it, sorted by its position in that order, by one
 * shuffle of the (cached) data. A run resumes at the start of the epoch after its last
 * checkpoint and then writes the bytes of a run that was never stopped.
 */
final class DistributedTrainer {
    /** Format identifier in a Spark run's checkpoint metadata. */
    static final String FORMAT = "s4j-spark-checkpoint/1";
    /** Files a Spark run writes; anything else in the directory stops a new run. */
    private static final Set<String> RUN_FILES = Set.of("config.json", "metrics.jsonl", "checkpoint.safetensors", RunLock.FILE);

    private DistributedTrainer() {
    }

    /**
     * How a fit ended.
     *
     * @param model   the model after the last epoch
     * @param summary what the fit did
     */
    record Outcome(Predictor model, TrainingSummary summary) {
    }

    /** The state a run starts an epoch loop from. */
    private record Start(int epoch, long step, byte[] state, List<EvalRecord> history) {
    }

    static Outcome fit(Dataset<?> data, String inputCol, String labelCol, SparkTrainConfig config) throws IOException {
        Dataset<Row> selected = data.select(inputCol, labelCol);
        SequenceColumn input = SequenceColumn.of(selected.schema(), inputCol, config.model().inputSize());
        LabelColumn label = LabelColumn.of(selected.schema(), labelCol, config.kind(), config.model().outputSize());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        checkLocalSlots(jsc, config.tasks());
        JavaPairRDD<Long, Row> indexed = selected.toJavaRDD().zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long n = indexed.count();
            if (n == 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Spark training needs between 1 and 2^31 − 1 examples, got " + n);
            }
            checkExamples(indexed, input, label);                  // before the run directory is touched
            RunDirectory run = new RunDirectory(config.run());
            try (RunLock lock = RunLock.acquire(run)) {
                return train(jsc, indexed, n, input, label, run, config, inputCol, labelCol);
            }
        } finally {
            indexed.unpersist(false);
        }
    }

    /**
     * On a local master, refuses more tasks than it has task slots: a barrier stage needs all its
     * tasks at once, and Spark would otherwise retry for about ten minutes before failing. (A
     * cluster may still be adding executors, so there Spark's own check and retries apply.)
     */
    private static void checkLocalSlots(JavaSparkContext jsc, int tasks) {
        String master = jsc.master();
        if (!master.startsWith("local")) {
            return;
        }
        int slots = jsc.defaultParallelism() / Math.max(1, jsc.getConf().getInt("spark.task.cpus", 1));
        if (tasks > slots) {
            throw new IllegalArgumentException("withTasks(" + tasks + "): a barrier stage needs all its tasks at once, and master "
                    + master + " has " + slots + " task slot" + (slots == 1 ? "" : "s") + "; ask for at most " + slots);
        }
    }

    private static Outcome train(JavaSparkContext jsc, JavaPairRDD<Long, Row> indexed, long n, SequenceColumn input,
                                 LabelColumn label, RunDirectory run, SparkTrainConfig config, String inputCol, String labelCol)
            throws IOException {
        RunRecord record = new RunRecord(SpecJson.toJson(config.model()), config.kind().id(), config.optim(), config.seed(),
                config.tasks(), config.threads(), inputCol, labelCol, n);
        ShardLayout layout = new ShardLayout(n, config.optim().batch(), config.tasks());
        ReplicaSetup setup = ReplicaSetup.of(config, (long) layout.steps() * config.optim().epochs());
        Start start = config.resume() ? resumed(run, record, config.optim().epochs()) : fresh(run, setup);
        AtomicFiles.writeString(run.config(), record.toJson(true) + "\n");

        List<EvalRecord> history = new ArrayList<>(start.history());
        double elapsedBefore = history.stream().mapToDouble(EvalRecord::elapsedSeconds).max().orElse(0);
        long started = System.nanoTime();
        byte[] state = start.state();
        long step = start.step();
        if (step != firstStep(layout, start.epoch())) {
            throw new IOException(run.checkpoint() + ": step " + step + " is not the end of epoch " + start.epoch() + " of "
                    + layout.steps() + " steps");
        }
        List<Double> losses = new ArrayList<>();
        String stopped = null;
        double compute = 0;
        double exchange = 0;
        for (int epoch = start.epoch(); epoch < config.optim().epochs(); epoch++) {
            if (epoch > start.epoch() && config.maxMinutes() > 0 && (System.nanoTime() - started) / 6e10 >= config.maxMinutes()) {
                stopped = "time budget of " + config.maxMinutes() + " minutes reached after epoch " + epoch + "; resume to continue";
                break;
            }
            long epochStart = System.nanoTime();
            long first = firstStep(layout, epoch);
            EpochResult result = epoch(jsc, indexed, epochPositions(config.seed(), epoch, (int) n), state,
                    startState -> new EpochTask(startState, setup, layout, input, label, first), layout, epoch);
            step += layout.steps();
            compute += result.computeSeconds();
            exchange += result.exchangeSeconds();
            double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
            double lossSum = 0;
            long scored = 0;
            long correct = 0;
            for (int s = 0; s < result.losses().length; s++) {
                losses.add(result.losses()[s]);
                lossSum += result.losses()[s];
                scored += result.scored()[s];
                correct += result.correct()[s];
            }
            history.add(EvalRecord.training(epoch + 1, step, lossSum / layout.steps(),
                    config.kind() == ModelKind.CLASSIFIER ? (double) correct / scored : null, null,
                    config.optim().lr() * setup.schedule().factor(step - 1), epochSeconds, n / epochSeconds,
                    elapsedBefore + (System.nanoTime() - started) / 1e9));
            TrainingState after = TrainingState.decode(result.state(), "task 0's state after epoch " + (epoch + 1));
            state = after.withMetadata(metadata(record, epoch + 1, step, config)).encode();
            run.writeMetrics(history);
            byte[] checkpoint = state;
            AtomicFiles.write(run.checkpoint(), out -> out.write(checkpoint));     // the commit point, written last
        }
        TrainingSummary summary = new TrainingSummary(run.root(), start.step(), losses.stream().mapToDouble(Double::doubleValue).toArray(),
                history.stream().filter(r -> r.split().equals("train")).toList(), compute, exchange, stopped);
        return new Outcome(Predictor.load(run.checkpoint()), summary);
    }

    /** The global step of epoch {@code epoch}'s first step. */
    private static long firstStep(ShardLayout layout, int epoch) {
        return (long) layout.steps() * epoch;
    }

    /** position[i]: where example i stands in epoch {@code epoch}'s order (s4j train's shuffle). */
    private static int[] epochPositions(long seed, int epoch, int n) {
        int[] order = new Generator(Seeds.derive(seed, 2, epoch)).permutation(n);
        int[] position = new int[n];
        for (int p = 0; p < n; p++) {
            position[order[p]] = p;
        }
        return position;
    }

    /**
     * One barrier stage: every example goes to its task, sorted by position; every task runs the
     * epoch from {@code state}. Returns task 0's result after checking that all replicas agree.
     */
    private static EpochResult epoch(JavaSparkContext jsc, JavaPairRDD<Long, Row> indexed, int[] position, byte[] state,
                                     Function<Broadcast<byte[]>, EpochTask> task, ShardLayout layout, int epoch) {
        int tasks = layout.tasks();
        Broadcast<int[]> positions = jsc.broadcast(position);
        Broadcast<byte[]> startState = jsc.broadcast(state);
        try {
            JavaPairRDD<Long, Row> shards = indexed
                    .mapToPair(t -> new Tuple2<>((long) positions.value()[(int) (long) t._1()], t._2()))
                    .repartitionAndSortWithinPartitions(new ShardPartitioner(layout));
            EpochResult[] results = (EpochResult[]) shards.rdd().barrier()
                    .mapPartitions(task.apply(startState), false, ClassTag$.MODULE$.apply(EpochResult.class)).collect();
            if (results.length != tasks) {
                throw new IllegalStateException("epoch " + (epoch + 1) + ": " + results.length + " of " + tasks + " tasks reported");
            }
            for (EpochResult r : results) {
                if (r.digest() != results[0].digest()) {
                    throw new IllegalStateException("epoch " + (epoch + 1) + ": the replicas of tasks " + results[0].task() + " and "
                            + r.task() + " hold different models");
                }
            }
            return Arrays.stream(results).filter(r -> r.task() == 0).findFirst().orElseThrow();
        } finally {
            positions.destroy();
            startState.destroy();
        }
    }

    /** The checkpoint's metadata: format, run record, position, and the spec {@link Predictor#load} reads. */
    private static Map<String, String> metadata(RunRecord record, int epoch, long step, SparkTrainConfig config) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("config", record.toJson(false));
        meta.put("epoch", Integer.toString(epoch));
        meta.put("step", Long.toString(step));
        meta.put(Predictor.SPEC_KEY, SpecJson.toJson(config.model()));
        return meta;
    }

    /** Fails naming the first example that cannot be trained on (its index in the data, its column, what is wrong). */
    private static void checkExamples(JavaPairRDD<Long, Row> indexed, SequenceColumn input, LabelColumn label) {
        List<String> bad = indexed.flatMap(t -> {
            Sequence s = input.read(t._2());
            String why = s.error();
            if (why == null) {
                try {
                    label.check(t._2());
                } catch (IllegalArgumentException e) {
                    why = e.getMessage();
                }
            }
            return why == null ? List.<String>of().iterator() : List.of("example " + t._1() + ": " + why).iterator();
        }).take(1);
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("cannot train on " + bad.get(0));
        }
    }

    /** A new run: the directory holds nothing but a run's files without a checkpoint. */
    private static Start fresh(RunDirectory run, ReplicaSetup setup) throws IOException {
        if (Files.exists(run.checkpoint())) {
            throw new IOException(run.root() + " already holds a run; resume it (SparkTrainConfig.withResume) or choose another"
                    + " run directory");
        }
        try (var entries = Files.list(run.root())) {
            List<String> foreign = entries.map(p -> p.getFileName().toString())
                    .filter(f -> !RUN_FILES.contains(f) && !(f.startsWith(".") && f.endsWith(".tmp"))).sorted().limit(3).toList();
            if (!foreign.isEmpty()) {
                throw new IOException(run.root() + " is not empty and holds no Spark run (it has " + String.join(", ", foreign)
                        + "); choose a new or empty run directory");
            }
        }
        return new Start(0, 0, Replica.fresh(setup).state().encode(), List.of());
    }

    /** The run in {@code run}, checked against {@code now}, to continue to {@code epochs} epochs. */
    private static Start resumed(RunDirectory run, RunRecord now, int epochs) throws IOException {
        Path file = run.checkpoint();
        if (!Files.exists(file)) {
            throw new IOException(run.root() + ": no checkpoint.safetensors to resume");
        }
        TrainingState saved = TrainingState.read(file);
        Map<String, String> meta = saved.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + ": not a Spark run's checkpoint (metadata format is " + meta.get("format") + ", expected "
                    + FORMAT + ")");
        }
        List<String> conflicts = RunRecord.parse(meta.get("config"), file + ": metadata 'config'").conflicts(now);
        if (!conflicts.isEmpty()) {
            throw new IOException(file + ": the run was trained otherwise (" + String.join(", ", conflicts) + ")");
        }
        int epoch = Integer.parseInt(meta.get("epoch"));
        if (epochs <= epoch) {
            throw new IllegalArgumentException(run.root() + " has trained " + epoch + " epochs; ask for more epochs to train further");
        }
        List<EvalRecord> kept = run.readMetrics().stream().filter(r -> r.epoch() <= epoch).toList();
        return new Start(epoch, Long.parseLong(meta.get("step")), Files.readAllBytes(file), kept);
    }
}

package dev.s4j.examples.train;

import dev.s4j.autograd.AnomalyMode;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Parallel;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.nn.Dropout;
import dev.s4j.autograd.nn.Module;
import dev.s4j.examples.data.Batch;
import dev.s4j.examples.data.Objective;
import dev.s4j.examples.data.Seeds;
import dev.s4j.examples.data.Task;
import dev.s4j.optim.Adam;
import dev.s4j.optim.GradClip;
import dev.s4j.optim.LrSchedule;
import dev.s4j.optim.Optimizer;
import dev.s4j.optim.ParamGroups;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The training loop: epochs of shuffled mini-batches with AdamW (S4's parameter groups) and a
 * warmup-cosine schedule, validation after every epoch, a checkpoint after every epoch and when
 * stopped or interrupted, the model at its best validation score, and a test evaluation at the end.
 *
 * <p>Everything random is derived from the config's seed and the position in training (the
 * initialization, the shuffle of epoch e, the dropout masks of step s), and the checkpoint holds
 * the model, the optimizer state and the {@link Progress}; so a run resumed from any checkpoint,
 * one written mid-epoch included, continues exactly as if it had not stopped (bit for bit at a
 * given thread count), and the same run writes the same checkpoint bytes.
 *
 * <p>A trainer holds its run directory's {@link RunLock} from {@link #start} or {@link #resume}
 * until {@link #run} ends (or {@link #close}): a second process, or a second trainer, cannot
 * write the same run.
 * <pre>{@code
 *   Task task = Tasks.load(TaskSpec.of(TaskName.SMNIST), System.out::println);
 *   try (Trainer t = Trainer.start(TrainConfig.defaults(), task, new RunDirectory(Path.of("runs/demo")), TrainingListener.SILENT)) {
 *       Trainer.Outcome o = t.run();
 *   }
 * }</pre>
 */
public final class Trainer implements AutoCloseable {
    private final TrainConfig config;
    private final Task task;
    private final RunLock lock;
    private final RunDirectory run;
    private final TrainingListener listener;
    private final Accelerator backend;
    private final DataShape data;
    private final Backbone model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final int batches;
    private final List<Dropout> dropouts = new ArrayList<>();
    private final List<EvalRecord> history;
    private final double elapsedBefore;
    private Progress progress;
    private Predicate<Progress> stopCondition = p -> false;
    private volatile String interruption;
    private boolean anomaly;

    /**
     * How a run ended.
     *
     * @param progress    the final progress
     * @param test        the test evaluation, or null when interrupted
     * @param stopReason  why training stopped before its last epoch, or null if every epoch ran
     * @param interrupted whether {@link #interrupt} stopped it (saved, no test evaluation)
     */
    public record Outcome(Progress progress, EvalRecord test, String stopReason, boolean interrupted) {
    }

    private Trainer(TrainConfig config, BackboneSpec spec, Task task, RunLock lock, TrainingListener listener, Progress progress,
                    List<EvalRecord> history) {
        if (task.train().size() == 0) {
            throw new IllegalArgumentException("task " + task.name() + " has no training examples");
        }
        task.check();
        this.config = config;
        this.task = task;
        this.lock = lock;
        this.run = lock.run();
        this.listener = listener;
        this.progress = progress;
        this.history = new ArrayList<>(history);
        this.elapsedBefore = history.stream().mapToDouble(EvalRecord::elapsedSeconds).max().orElse(0);
        this.data = DataShape.of(task);
        this.backend = Backend.select(config.accelerator());
        this.model = Models.build(spec, config.seed());
        OptimConfig o = config.optim();
        this.optimizer = optimizer(model, o);
        this.batches = (task.train().size() + o.batch() - 1) / o.batch();
        long total = (long) batches * o.epochs();
        this.schedule = LrSchedule.cosineWithWarmup((long) Math.floor(o.warmup() * total), total, 0);
        for (Module m : model.modules()) {
            if (m instanceof Dropout d && d.probability() > 0) {
                dropouts.add(d);
            }
        }
    }

    /** The optimizer of a run: AdamW over the model's parameter groups (SSM parameters at their own rate, no decay). */
    static Optimizer optimizer(Module model, OptimConfig o) {
        return Adam.adamW(ParamGroups.fromHints(model, o.lr(), o.weightDecay()));
    }

    /** A new run in {@code run} (locked here): a fresh model, config.json written. */
    public static Trainer start(TrainConfig config, Task task, RunDirectory run, TrainingListener listener) throws IOException {
        return start(config, task, RunLock.acquire(run), listener);
    }

    /**
     * A new run in the locked directory (released when the run ends, or here if it cannot start).
     *
     * @throws IOException when the directory already holds a run or files that are not a run's
     */
    public static Trainer start(TrainConfig config, Task task, RunLock lock, TrainingListener listener) throws IOException {
        return opened(lock, () -> {
            lock.run().checkNewRun();
            Trainer t = new Trainer(config, Models.spec(config.model(), task), task, lock, listener, Progress.start(), List.of());
            lock.run().writeConfig(config, t.backend);
            return t;
        });
    }

    /**
     * Continues the run whose checkpoint is {@code saved}, under {@code config} (the saved config,
     * possibly with more epochs, other threads, another time budget or backend), in {@code run}
     * (locked here).
     */
    public static Trainer resume(Checkpoint.Contents saved, TrainConfig config, Task task, RunDirectory run,
                                 TrainingListener listener) throws IOException {
        return resume(saved, config, task, RunLock.acquire(run), listener);
    }

    /**
     * Continues a run in the locked directory.
     *
     * @throws IOException              when the data differ from the run's, or the checkpoint does not fit
     * @throws IllegalArgumentException when {@code config} asks for fewer epochs than the run has begun,
     *                                  or none more than a finished run has done
     */
    public static Trainer resume(Checkpoint.Contents saved, TrainConfig config, Task task, RunLock lock,
                                 TrainingListener listener) throws IOException {
        return opened(lock, () -> {
            Progress p = saved.progress();
            int epochs = config.optim().epochs();
            if (epochs < p.epochsBegun()) {
                throw new IllegalArgumentException("--epochs " + epochs + " is below the " + p.epochsBegun()
                        + " epochs this run has begun");
            }
            if (p.finished() && epochs <= p.epoch()) {
                throw new IllegalArgumentException(lock.run().root() + " is finished (" + p.epoch()
                        + " epochs); ask for more epochs to train further");
            }
            DataShape now = DataShape.of(task);
            if (saved.data() != null && !saved.data().differences(now).isEmpty()) {
                throw new IOException(saved.file() + ": the run was trained on other data ("
                        + String.join(", ", saved.data().differences(now)) + ")");
            }
            List<EvalRecord> kept = lock.run().readMetrics().stream()
                    .filter(r -> r.step() <= p.step() && r.epoch() <= p.epoch()).toList();
            Trainer t = new Trainer(config, saved.modelSpec(task), task, lock, listener, p.finished() ? p.reopened() : p, kept);
            saved.restoreModel(t.model);
            saved.restoreOptimizer(t.optimizer);
            if (t.optimizer.steps() != p.step()) {
                throw new IOException(saved.file() + ": optimizer state at step " + t.optimizer.steps() + " but progress at step "
                        + p.step());
            }
            lock.run().writeConfig(config, t.backend);
            return t;
        });
    }

    /** Runs {@code open} with the lock held; releases the lock if it fails. */
    private static Trainer opened(RunLock lock, Opener open) throws IOException {
        try {
            return open.open();
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface Opener {
        Trainer open() throws IOException;
    }

    /** Stops training (saving a checkpoint) before the first step at which {@code condition} holds. */
    public Trainer stopWhen(Predicate<Progress> condition) {
        this.stopCondition = condition;
        return this;
    }

    /**
     * Asks the run to stop at the end of the current step (from any thread, e.g. a signal
     * handler): {@link #run} then saves a checkpoint at that step and returns without a test
     * evaluation.
     *
     * @param why the reason given in the outcome, e.g. "interrupted (SIGINT)"
     */
    public void interrupt(String why) {
        this.interruption = why;
    }

    /** Runs every op under anomaly detection: the first NaN or infinity names the op that made it. */
    public Trainer detectAnomalies(boolean on) {
        this.anomaly = on;
        return this;
    }

    /** The model being trained. */
    public Backbone model() {
        return model;
    }

    /** Where training stands. */
    public Progress progress() {
        return progress;
    }

    /** The lines of metrics.jsonl so far. */
    public List<EvalRecord> history() {
        return List.copyOf(history);
    }

    /** Steps per epoch. */
    public int batchesPerEpoch() {
        return batches;
    }

    /** The run directory. */
    public RunDirectory runDirectory() {
        return run;
    }

    /**
     * Trains the remaining epochs (or until stopped or interrupted), then evaluates on the test
     * split; releases the run's lock at the end.
     */
    public Outcome run() throws IOException {
        try {
            return train();
        } finally {
            close();
        }
    }

    /** Releases the run's lock (training can no longer continue with this trainer). */
    @Override
    public void close() throws IOException {
        lock.close();
    }

    private Outcome train() throws IOException {
        Parallel.setThreads(config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors());
        long started = System.nanoTime();
        listener.started(task, config, model.parameterCount(), progress, elapsedBefore);
        String stopReason = null;
        boolean earlyStop = false;
        boolean classify = task.objective() instanceof Objective.Classification;
        OptimConfig o = config.optim();
        int n = task.train().size();
        while (progress.epoch() < o.epochs() && stopReason == null) {
            int epoch = progress.epoch();
            int[] order = new Generator(Seeds.derive(config.seed(), 2, epoch)).permutation(n);
            listener.epochStarted(epoch + 1, batches, progress.stepInEpoch());
            long epochStart = System.nanoTime();
            int samples = 0;
            for (int s = progress.stepInEpoch(); s < batches; s++) {
                stopReason = reasonToStop(started);
                if (stopReason != null) {
                    break;
                }
                int[] idx = Arrays.copyOfRange(order, s * o.batch(), Math.min(n, (s + 1) * o.batch()));
                StepResult r = step(task.train().batch(idx));
                samples += idx.length;
                progress = progress.stepped(r.loss(), r.scored(), r.correct());
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                listener.stepped(s + 1, progress.epochSoFar().lossSum() / (s + 1), trainAccuracy(classify), samples / seconds);
            }
            if (stopReason != null) {
                break;
            }
            double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
            double trainLoss = progress.epochSoFar().lossSum() / batches;
            EvalRecord train = EvalRecord.training(epoch + 1, progress.step(), trainLoss, trainAccuracy(classify),
                    task.objective().bitsPerValue(trainLoss), o.lr() * schedule.factor(progress.step() - 1), epochSeconds,
                    samples / epochSeconds, elapsed(started));
            EvalRecord val = evaluate("val", epoch + 1, started);
            double score = classify ? val.acc() : val.loss();
            Double best = progress.validation().best();
            boolean better = best == null || (classify ? score > best : score < best);
            progress = progress.epochEnded(score, better);
            history.add(train);
            history.add(val);
            if (better) {
                Checkpoint.write(run.best(), config, progress, data, model, null);
            }
            save();
            listener.epochFinished(new EpochSummary(epoch + 1, train.loss(), train.acc(), val, epochSeconds));
            if (o.earlyStop() > 0 && progress.validation().staleEpochs() >= o.earlyStop() && progress.epoch() < o.epochs()) {
                stopReason = "no better validation " + (classify ? "accuracy" : "loss") + " for " + o.earlyStop()
                        + " epochs (the best, at epoch " + progress.validation().bestEpoch() + ", is in " + run.best().getFileName() + ")";
                earlyStop = true;
            }
        }
        if (interruption != null) {
            save();
            listener.interrupted(interruption, progress, run);
            return new Outcome(progress, null, interruption, true);
        }
        if (stopReason != null) {
            listener.stopped(stopReason);
        }
        EvalRecord test = evaluate("test", progress.epoch(), started);
        history.add(test);
        progress = progress.withFinished(stopReason == null || earlyStop);
        save();
        listener.finished(test, run);
        return new Outcome(progress, test, stopReason, false);
    }

    /** Why training must stop before the next step, or null. */
    private String reasonToStop(long started) {
        double minutes = (System.nanoTime() - started) / 6e10;
        if (interruption != null) {
            return interruption;
        }
        if (config.maxMinutes() > 0 && minutes >= config.maxMinutes()) {
            return "time budget of " + config.maxMinutes() + " minutes reached";
        }
        if (stopCondition.test(progress)) {
            return "stop condition met at step " + progress.step();
        }
        return null;
    }

    /**
     * What one optimizer step saw.
     *
     * @param loss    the batch's loss
     * @param scored  the units the objective scored (examples or positions)
     * @param correct how many of them the model got right
     */
    private record StepResult(double loss, long scored, long correct) {
    }

    /** One optimizer step. */
    private StepResult step(Batch batch) {
        long step = progress.step();
        for (int i = 0; i < dropouts.size(); i++) {
            dropouts.get(i).reseed(Seeds.derive(config.seed(), 3, step, i));
        }
        schedule.apply(optimizer, step);
        optimizer.zeroGrad();
        Tensor loss;
        long[] counts;
        try (Grad.Scope anomalies = anomaly ? AnomalyMode.enabled() : null) {
            Tensor out = model.forward(batch.inputs());
            loss = task.objective().loss(out, batch.targets());
            counts = task.objective().countCorrect(out, batch.targets());
            loss.backward();
        }
        double value = loss.item();
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("training diverged: the loss is " + value + " at step " + step
                    + "; lower the learning rate, or rerun with --detect-anomaly to find the op that produced it");
        }
        if (config.optim().clip() > 0) {
            GradClip.byGlobalNorm(optimizer.parameters(), config.optim().clip());
        }
        optimizer.step();
        return new StepResult(value, counts[0], counts[1]);
    }

    private Double trainAccuracy(boolean classify) {
        return classify && progress.epochSoFar().scored() > 0 ? (double) progress.epochSoFar().correct() / progress.epochSoFar().scored() : null;
    }

    private EvalRecord evaluate(String split, int epoch, long started) {
        listener.evaluating(split);
        int batch = Math.max(config.optim().batch(), 64);
        Evaluator.Score s = Evaluator.score(model, task.objective(), task.split(split), batch);
        return EvalRecord.evaluation(epoch, progress.step(), split, s.loss(), s.acc(), task.objective().bitsPerValue(s.loss()),
                elapsed(started));
    }

    private double elapsed(long started) {
        return elapsedBefore + (System.nanoTime() - started) / 1e9;
    }

    /**
     * Writes the run's files, the checkpoint last: it is the commit point, so a crash in between
     * leaves a checkpoint that the other files already cover (resume drops metrics lines past it).
     */
    private void save() throws IOException {
        run.writeMetrics(history);
        Plots.curves(run.curves(), EpochSummary.of(history));
        Plots.kernels(run.kernels(), model.blocks().get(0).conv().kernel(), task.length(), 4);
        Checkpoint.write(run.checkpoint(), config, progress, data, model, optimizer);
    }
}

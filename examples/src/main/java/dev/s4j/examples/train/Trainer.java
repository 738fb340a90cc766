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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The training loop: epochs of shuffled mini-batches with AdamW (S4's parameter groups) and a
 * warmup-cosine schedule, validation after every epoch, a checkpoint after every epoch and when
 * stopped early, and a test evaluation at the end.
 *
 * <p>Everything random is derived from the config's seed and the position in training (the
 * initialization, the shuffle of epoch e, the dropout masks of step s), and the checkpoint holds
 * the model, the optimizer state and the {@link Progress}; so a run resumed from any checkpoint
 * continues exactly as if it had not stopped (bit for bit at a given thread count).
 * <pre>{@code
 *   Task task = Tasks.load(TaskSpec.of(TaskName.SMNIST), System.out::println);
 *   Trainer t = Trainer.start(TrainConfig.defaults(), task, new RunDirectory(Path.of("runs/demo")), TrainingListener.SILENT);
 *   Trainer.Outcome o = t.run();
 * }</pre>
 */
public final class Trainer {
    private final TrainConfig config;
    private final Task task;
    private final RunDirectory run;
    private final TrainingListener listener;
    private final Accelerator backend;
    private final Backbone model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final int batches;
    private final List<Dropout> dropouts = new ArrayList<>();
    private Progress progress;
    private Predicate<Progress> stopCondition = p -> false;
    private boolean anomaly;

    /**
     * How a run ended.
     *
     * @param progress   the final progress
     * @param test       the test evaluation
     * @param stopReason why training stopped early, or null if every epoch ran
     */
    public record Outcome(Progress progress, EvalRecord test, String stopReason) {
    }

    private Trainer(TrainConfig config, Task task, RunDirectory run, TrainingListener listener, Progress progress) {
        if (task.train().size() == 0) {
            throw new IllegalArgumentException("task " + task.name() + " has no training examples");
        }
        this.config = config;
        this.task = task;
        this.run = run;
        this.listener = listener;
        this.progress = progress;
        this.backend = Backend.select(config.accelerator());
        this.model = Models.build(config.model(), task, config.seed());
        OptimConfig o = config.optim();
        this.optimizer = Adam.adamW(ParamGroups.fromHints(model, o.lr(), o.weightDecay()));
        this.batches = (task.train().size() + o.batch() - 1) / o.batch();
        long total = (long) batches * o.epochs();
        this.schedule = LrSchedule.cosineWithWarmup((long) Math.floor(o.warmup() * total), total, 0);
        for (Module m : model.modules()) {
            if (m instanceof Dropout d && d.probability() > 0) {
                dropouts.add(d);
            }
        }
    }

    /** A new run in {@code run}: a fresh model, config.json written. */
    public static Trainer start(TrainConfig config, Task task, RunDirectory run, TrainingListener listener) throws IOException {
        Trainer t = new Trainer(config, task, run, listener, Progress.start());
        run.writeConfig(config, t.backend);
        return t;
    }

    /**
     * Continues the run whose checkpoint is {@code saved}, under {@code config} (the saved config,
     * possibly with more epochs, other threads or another time budget).
     */
    public static Trainer resume(Checkpoint.Contents saved, TrainConfig config, Task task, RunDirectory run,
                                 TrainingListener listener) throws IOException {
        Trainer t = new Trainer(config, task, run, listener, saved.progress());
        saved.restoreModel(t.model);
        saved.restoreOptimizer(t.optimizer);
        if (t.optimizer.steps() != saved.progress().step()) {
            throw new IOException(saved.file() + ": optimizer state at step " + t.optimizer.steps() + " but progress at step "
                    + saved.progress().step());
        }
        if (saved.progress().finished() && config.optim().epochs() > saved.progress().epoch()) {
            Progress p = saved.progress();
            t.progress = new Progress(p.epoch(), p.stepInEpoch(), p.step(), p.elapsedSeconds(), p.trainLossSum(), p.trainCorrect(),
                    p.trainCount(), false, p.epochs(), p.evaluations());
        }
        run.writeConfig(config, t.backend);
        return t;
    }

    /** Stops training (saving a checkpoint) before the first step at which {@code condition} holds. */
    public Trainer stopWhen(Predicate<Progress> condition) {
        this.stopCondition = condition;
        return this;
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

    /** Steps per epoch. */
    public int batchesPerEpoch() {
        return batches;
    }

    /** Trains the remaining epochs (or until stopped), then evaluates on the test split. */
    public Outcome run() throws IOException {
        Parallel.setThreads(config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors());
        long started = System.nanoTime();
        double before = progress.elapsedSeconds();
        listener.started(task, config, model.parameterCount(), progress);
        String stopReason = null;
        boolean classify = task.objective() instanceof Objective.Classification;
        OptimConfig o = config.optim();
        int n = task.train().size();
        while (progress.epoch() < o.epochs() && !progress.finished() && stopReason == null) {
            int epoch = progress.epoch();
            int[] order = new Generator(Seeds.derive(config.seed(), 2, epoch)).permutation(n);
            listener.epochStarted(epoch + 1, batches, progress.stepInEpoch());
            long epochStart = System.nanoTime();
            int samples = 0;
            for (int s = progress.stepInEpoch(); s < batches; s++) {
                double minutes = (System.nanoTime() - started) / 6e10;
                if (config.maxMinutes() > 0 && minutes >= config.maxMinutes()) {
                    stopReason = "time budget of " + config.maxMinutes() + " minutes reached";
                } else if (stopCondition.test(progress)) {
                    stopReason = "stop condition met at step " + progress.step();
                }
                if (stopReason != null) {
                    break;
                }
                int[] idx = Arrays.copyOfRange(order, s * o.batch(), Math.min(n, (s + 1) * o.batch()));
                double[] r = step(task.train().batch(idx));
                samples += idx.length;
                Progress p = progress;
                progress = new Progress(p.epoch(), s + 1, p.step() + 1, elapsed(before, started), p.trainLossSum() + r[0],
                        p.trainCorrect() + (long) r[2], p.trainCount() + (long) r[1], false, p.epochs(), p.evaluations());
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                listener.stepped(s + 1, progress.trainLossSum() / (s + 1), trainAccuracy(classify), samples / seconds);
            }
            if (stopReason != null) {
                break;
            }
            EvalRecord val = evaluate("val", epoch + 1, before, started);
            Progress p = progress;
            EpochSummary summary = new EpochSummary(epoch + 1, p.trainLossSum() / batches, trainAccuracy(classify), val,
                    (System.nanoTime() - epochStart) / 1e9);
            progress = new Progress(epoch + 1, 0, p.step(), elapsed(before, started), 0, 0, 0, false, append(p.epochs(), summary),
                    append(p.evaluations(), val));
            save();
            listener.epochFinished(summary);
        }
        if (stopReason != null) {
            listener.stopped(stopReason);
        }
        EvalRecord test = evaluate("test", progress.epoch(), before, started);
        Progress p = progress;
        progress = new Progress(p.epoch(), p.stepInEpoch(), p.step(), elapsed(before, started), p.trainLossSum(), p.trainCorrect(),
                p.trainCount(), stopReason == null, p.epochs(), append(p.evaluations(), test));
        save();
        listener.finished(test, run);
        return new Outcome(progress, test, stopReason);
    }

    /** One optimizer step; returns {loss, scored, correct}. */
    private double[] step(Batch batch) {
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
        return new double[] {value, counts[0], counts[1]};
    }

    private Double trainAccuracy(boolean classify) {
        return classify && progress.trainCount() > 0 ? (double) progress.trainCorrect() / progress.trainCount() : null;
    }

    private EvalRecord evaluate(String split, int epoch, double before, long started) {
        listener.evaluating(split);
        int batch = Math.max(config.optim().batch(), 64);
        Evaluator.Score s = Evaluator.score(model, task.objective(), task.split(split), batch);
        return new EvalRecord(epoch, progress.step(), split, s.loss(), s.acc(), elapsed(before, started));
    }

    private static double elapsed(double before, long started) {
        return before + (System.nanoTime() - started) / 1e9;
    }

    private void save() throws IOException {
        Checkpoint.write(run.checkpoint(), config, progress, model, optimizer);
        run.writeMetrics(progress.evaluations());
        Plots.curves(run.curves(), progress.epochs());
        Plots.kernels(run.kernels(), model.blocks().get(0).conv().kernel(), task.length(), 4);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}

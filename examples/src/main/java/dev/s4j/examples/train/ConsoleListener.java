package dev.s4j.examples.train;

import dev.s4j.examples.data.Task;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/**
 * Shows training on a console: a progress bar per epoch (steps, running loss and accuracy,
 * samples per second, time left) on standard error, and a one-line summary per epoch on
 * {@code out}.
 */
public final class ConsoleListener implements TrainingListener {
    private final PrintWriter out;
    private int epochs;
    private String unit = "value";
    private ProgressBar bar;

    /** A listener printing summaries to {@code out}. */
    public ConsoleListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void started(Task task, TrainConfig config, long parameters, Progress progress, double elapsedSeconds) {
        epochs = config.optim().epochs();
        if (task.objective() instanceof dev.s4j.examples.data.Objective.Generative g) {
            unit = g.unit();
        }
        ModelConfig m = config.model();
        out.printf(Locale.ROOT, "task   %s: %s (train %d, val %d, test %d, length %d)%n", task.name(), task.description(),
                task.train().size(), task.validation().size(), task.test().size(), task.length());
        out.printf(Locale.ROOT, "model  %d × %s layer, H = %d, N = %d: %,d parameters; batch %d, lr %s, %s threads%n", m.layers(),
                m.kernel().id().toUpperCase(Locale.ROOT), m.width(), m.stateSize(), parameters, config.optim().batch(),
                config.optim().lr(), config.threads() > 0 ? config.threads() : "all " + Runtime.getRuntime().availableProcessors());
        if (progress.step() > 0) {
            out.printf(Locale.ROOT, "resuming at epoch %d, step %d (%.0f s trained)%n", progress.epoch() + 1, progress.step(),
                    elapsedSeconds);
        }
        out.flush();
    }

    @Override
    public void epochStarted(int epoch, int batches, int done) {
        bar = Bars.builder(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), batches)
                .startsFrom(done, java.time.Duration.ZERO).build();   // steps done before a resume do not count as instant
    }

    @Override
    public void stepped(int stepInEpoch, double loss, Double acc, double samplesPerSecond) {
        if (bar != null) {
            bar.stepTo(stepInEpoch);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f%s  %.0f samples/s", loss,
                    acc == null ? "" : String.format(Locale.ROOT, "  acc %.1f%%", 100 * acc), samplesPerSecond));
        }
    }

    @Override
    public void evaluating(String split) {
        closeBar();
    }

    @Override
    public void epochFinished(EpochSummary s) {
        out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f%s  val loss %.4f%s%s  (%.0f s)%n", s.epoch(), epochs, s.trainLoss(),
                accuracy(s.trainAcc()), s.val().loss(), accuracy(s.val().acc()), bits(s.val()), s.seconds());
        out.flush();
    }

    @Override
    public void stopped(String reason) {
        closeBar();
        out.println("stopped: " + reason + " (checkpoint saved; continue with --resume)");
        out.flush();
    }

    @Override
    public void interrupted(String reason, Progress progress, RunDirectory run) {
        closeBar();
        String where = progress.stepInEpoch() > 0
                ? String.format(Locale.ROOT, "step %d (%d steps into epoch %d)", progress.step(), progress.stepInEpoch(), progress.epoch() + 1)
                : String.format(Locale.ROOT, "step %d (after epoch %d)", progress.step(), progress.epoch());
        out.printf(Locale.ROOT, "%s at %s: checkpoint saved in %s%n", reason, where, run.root());
        out.println("continue with: ./s4j train --resume --out " + run.root());
        out.flush();
    }

    @Override
    public void finished(EvalRecord test, RunDirectory run) {
        closeBar();
        out.printf(Locale.ROOT, "test   loss %.4f%s%s after %d epochs, %d steps, %.0f s%n", test.loss(), accuracy(test.acc()),
                bits(test), test.epoch(), test.step(), test.elapsedSeconds());
        out.println("saved  " + run.root());
        out.flush();
    }

    /** " (1.234 bits per pixel)" for a generative task's evaluation, else "". */
    private String bits(EvalRecord r) {
        return r.bitsPerValue() == null ? "" : String.format(Locale.ROOT, " (%.3f bits per %s)", r.bitsPerValue(), unit);
    }

    private static String accuracy(Double acc) {
        return acc == null ? "" : String.format(Locale.ROOT, " acc %.2f%%", 100 * acc);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

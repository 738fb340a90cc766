package dev.s4j.examples.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.examples.data.Batch;
import dev.s4j.examples.data.Digits;
import dev.s4j.examples.data.PixelSequences;
import dev.s4j.examples.data.Task;
import dev.s4j.ssm.model.Backbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: a tiny model learns, its run directory is complete, and its checkpoint reproduces it. */
class TrainerTest {
    @TempDir
    Path dir;

    /** Collects, after every step, the sum of the epoch's step losses so far. */
    static final class StepLosses implements TrainingListener {
        final List<Double> running = new ArrayList<>();

        @Override
        public void stepped(int stepInEpoch, double loss, Double acc, double samplesPerSecond) {
            running.add(loss * stepInEpoch);
        }
    }

    @Test
    void aTinyModelLearnsAndItsCheckpointGivesIdenticalPredictions() throws IOException {
        Task task = TinyRuns.digits(320);
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Trainer trainer = Trainer.start(TinyRuns.config(3), task, run, TrainingListener.SILENT);
        Evaluator.Score before = Evaluator.score(trainer.model(), task.objective(), task.train(), 64);
        Trainer.Outcome o = trainer.run();
        Evaluator.Score after = Evaluator.score(trainer.model(), task.objective(), task.train(), 64);
        assertTrue(after.loss() < before.loss() - 0.2, "training loss " + before.loss() + " → " + after.loss());
        assertNull(o.stopReason());
        assertTrue(o.progress().finished());
        assertEquals(3 * 20, o.progress().step());

        for (Path p : List.of(run.config(), run.metrics(), run.checkpoint(), run.best(), run.curves(), run.kernels())) {
            assertTrue(Files.size(p) > 0, p + " written");
        }
        List<String> metrics = Files.readAllLines(run.metrics());
        assertEquals(7, metrics.size(), "a train and a val line per epoch, then test");
        assertTrue(metrics.get(0).startsWith("{\"epoch\":1,\"step\":20,\"split\":\"train\",\"loss\":"), metrics.get(0));
        for (String field : List.of("\"acc\":", "\"lr\":", "\"epoch_s\":", "\"samples_per_s\":", "\"elapsed_s\":")) {
            assertTrue(metrics.get(0).contains(field), field + " in " + metrics.get(0));
        }
        assertTrue(metrics.get(1).startsWith("{\"epoch\":1,\"step\":20,\"split\":\"val\",\"loss\":"), metrics.get(1));
        assertTrue(metrics.get(6).contains("\"split\":\"test\"") && metrics.get(6).contains("\"elapsed_s\":"), metrics.get(6));

        Checkpoint.Contents saved = Checkpoint.read(run.checkpoint());
        assertEquals(TinyRuns.config(3), saved.config());
        Backbone copy = Models.build(saved.config().model(), task, 99);
        saved.restoreModel(copy);
        Batch b = task.test().range(0, 16);
        trainer.model().eval();
        copy.eval();
        try (Grad.Scope off = Grad.disabled()) {
            assertArrayEquals(trainer.model().forward(b.inputs()).toFloatArray(), copy.forward(b.inputs()).toFloatArray());
        }
    }

    @Test
    void aResumedRunRepeatsTheUninterruptedOneBitForBit() throws IOException {
        Task task = TinyRuns.digits(96);
        TrainConfig config = TinyRuns.config(2);

        StepLosses straight = new StepLosses();
        Trainer a = Trainer.start(config, task, new RunDirectory(dir.resolve("a")), straight);
        a.run();

        StepLosses first = new StepLosses();
        RunDirectory bDir = new RunDirectory(dir.resolve("b"));
        Trainer.Outcome stopped = Trainer.start(config, task, bDir, first).stopWhen(p -> p.step() == 8).run();
        assertTrue(stopped.stopReason() != null);
        assertFalse(stopped.progress().finished());
        assertEquals(8, stopped.progress().step());
        assertEquals(2, stopped.progress().stepInEpoch());

        StepLosses second = new StepLosses();
        Checkpoint.Contents saved = Checkpoint.read(bDir.checkpoint());
        Trainer.resume(saved, saved.config(), task, bDir, second).run();

        // same step losses to the last bit (the resumed run continues the epoch's running sum)
        List<Double> resumed = new ArrayList<>(first.running);
        resumed.addAll(second.running);
        assertEquals(straight.running, resumed);

        Map<String, Tensor> x = Checkpoint.read(dir.resolve("a").resolve("checkpoint.safetensors")).model();
        Map<String, Tensor> y = Checkpoint.read(bDir.checkpoint()).model();
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) {
            assertArrayEquals(x.get(k).toDoubleArray(), y.get(k).toDoubleArray(), k);
            assertArrayEquals(x.get(k).imagToDoubleArray(), y.get(k).imagToDoubleArray(), k);
        }
    }

    @Test
    void resumingOnOtherDataIsRefusedNamingTheDifference() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Trainer.start(TinyRuns.config(2), TinyRuns.digits(96), run, TrainingListener.SILENT).stopWhen(p -> p.step() == 3).run();
        Checkpoint.Contents saved = Checkpoint.read(run.checkpoint());
        IOException e = assertThrows(IOException.class,
                () -> Trainer.resume(saved, saved.config(), TinyRuns.digits(64), run, TrainingListener.SILENT));
        assertTrue(e.getMessage().contains("the run was trained on other data (training examples 96 → 64)"), e.getMessage());
        Task same = TinyRuns.digits(96);
        int[] reversed = new int[784];
        for (int i = 0; i < 784; i++) {
            reversed[i] = 783 - i;
        }
        Digits.Splits splits = Digits.bundledMnist();
        Task reordered = new Task(same.name(), same.description(), same.length(), same.features(), same.objective(),
                new PixelSequences(TinyRuns.zerosAndOnes(splits.train(), 96), reversed),
                new PixelSequences(TinyRuns.zerosAndOnes(splits.validation(), 64), reversed),
                new PixelSequences(TinyRuns.zerosAndOnes(splits.test(), 64), reversed));
        e = assertThrows(IOException.class, () -> Trainer.resume(saved, saved.config(), reordered, run, TrainingListener.SILENT));
        assertTrue(e.getMessage().contains("the run was trained on other data (the same sizes but other examples)"), e.getMessage());
        Trainer.resume(saved, saved.config(), TinyRuns.digits(96), run, TrainingListener.SILENT).close();   // the same data: fine
    }

    @Test
    void earlyStoppingEndsARunThatNoLongerImproves() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        TrainConfig config = TinyRuns.config(5).withOptim(TinyRuns.config(5).optim().withLr(1e-9).withEarlyStop(1));
        Trainer.Outcome o = Trainer.start(config.withModel(config.model().withSsmLr(1e-9)), TinyRuns.digits(64), run,
                TrainingListener.SILENT).run();
        assertEquals(2, o.progress().epoch(), "stopped after the first epoch that did not beat the best");
        assertTrue(o.stopReason().startsWith("no better validation accuracy for 1 epochs (the best, at epoch 1"), o.stopReason());
        assertTrue(o.progress().finished(), "an early-stopped run is finished");
        assertTrue(Files.exists(run.best()));
        assertEquals(1, Checkpoint.read(run.best()).progress().validation().bestEpoch());
    }
}

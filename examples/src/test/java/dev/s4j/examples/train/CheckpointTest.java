package dev.s4j.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.examples.data.Task;
import dev.s4j.optim.Adam;
import dev.s4j.optim.Optimizer;
import dev.s4j.optim.ParamGroups;
import dev.s4j.ssm.model.Backbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: what they hold, and refusal of files that do not fit. */
class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void roundTripOfConfigProgressModelAndOptimizer() throws IOException {
        Task task = TinyRuns.digits(16);
        TrainConfig config = TinyRuns.config(2);
        Backbone model = Models.build(config.model(), task, 1);
        Optimizer opt = Adam.adamW(ParamGroups.fromHints(model, 0.01, 0.01));
        Progress p = new Progress(new Progress.Position(1, 3, 13), new Progress.EpochTally(1.25, 20, 48),
                new Progress.Validation(0.8, 1, 0), false);
        DataShape data = DataShape.of(task);
        Path f = dir.resolve("c.safetensors");
        Checkpoint.write(f, config, p, data, model, opt);
        Checkpoint.Contents c = Checkpoint.read(f);
        assertEquals(config, c.config());
        assertEquals(p, c.progress());
        assertEquals("{\"epoch\":1,\"stepInEpoch\":3,\"step\":13,\"trainLossSum\":1.25,\"trainCorrect\":20,\"trainCount\":48,"
                + "\"finished\":false,\"best\":0.8,\"bestEpoch\":1,\"staleEpochs\":0}",
                Safetensors.read(f).metadata().get("progress"), "the progress JSON every earlier checkpoint has");
        assertEquals(data, c.data());
        assertEquals(model.stateDict().keySet(), c.model().keySet());
        assertEquals(opt.stateDict().keySet(), c.optimizer().keySet());
        // complex S4 parameters come back complex
        assertTrue(c.model().values().stream().anyMatch(Tensor::isComplex));
    }

    @Test
    void aCheckpointOfAnotherShapeIsRefusedNamingTheTensor() throws IOException {
        Task task = TinyRuns.digits(16);
        TrainConfig config = TinyRuns.config(1);
        Path f = dir.resolve("c.safetensors");
        Checkpoint.write(f, config, Progress.start(), DataShape.of(task), Models.build(config.model(), task, 1), null);
        Backbone wider = Models.build(config.model().withWidth(48), task, 1);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(f).restoreModel(wider));
        assertTrue(e.getMessage().contains("c.safetensors") && e.getMessage().contains("'encoder.weight'")
                && e.getMessage().contains("(32, 1)") && e.getMessage().contains("(48, 1)"), e.getMessage());
    }

    @Test
    void damagedOrForeignFilesAreRefused() throws IOException {
        Task task = TinyRuns.digits(16);
        TrainConfig config = TinyRuns.config(1);
        Path f = dir.resolve("c.safetensors");
        Checkpoint.write(f, config, Progress.start(), DataShape.of(task), Models.build(config.model(), task, 1), null);
        byte[] bytes = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(cut));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());

        Path foreign = dir.resolve("foreign.safetensors");
        Safetensors.write(foreign, Map.of("w", Tensor.zeros(DType.FLOAT32, 2)), Map.of());
        e = assertThrows(IOException.class, () -> Checkpoint.read(foreign));
        assertTrue(e.getMessage().contains("not an s4j checkpoint"), e.getMessage());

        Path badConfig = dir.resolve("bad-config.safetensors");
        Safetensors.write(badConfig, Map.of("model.w", Tensor.zeros(DType.FLOAT32, 2)),
                Map.of("format", Checkpoint.FORMAT, "config", "{\"seed\": 1}", "progress", "{}"));
        e = assertThrows(IOException.class, () -> Checkpoint.read(badConfig));
        assertTrue(e.getMessage().contains("metadata 'config'"), e.getMessage());
    }
}

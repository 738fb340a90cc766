package dev.s4j.examples.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.s4j.examples.data.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same run gives the same checkpoint bytes whatever the JIT has compiled: once first in the
 * JVM, once after other shapes have warmed it up (the Vector API's lane sums and exp used to
 * differ between interpreted and compiled code).
 */
class DeterminismTest {
    @TempDir
    Path dir;

    @Test
    void theSameBytesColdAndWarm() throws Exception {
        Task task = TinyRuns.digits(64);
        TrainConfig config = TinyRuns.config(1).withThreads(2);
        Trainer.start(config, task, new RunDirectory(dir.resolve("first")), TrainingListener.SILENT).run();
        for (int i = 0; i < 3; i++) {
            TrainConfig other = config.withModel(config.model().withWidth(24 + 8 * i)).withOptim(config.optim().withBatch(8 + 4 * i));
            Trainer.start(other, task, new RunDirectory(dir.resolve("warm" + i)), TrainingListener.SILENT).run();
        }
        Trainer.start(config, task, new RunDirectory(dir.resolve("again")), TrainingListener.SILENT).run();
        for (String f : new String[] {"checkpoint.safetensors", "best.safetensors"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("first").resolve(f)), Files.readAllBytes(dir.resolve("again").resolve(f)), f);
        }
    }
}

package dev.s4j.examples.train;

import dev.s4j.examples.data.Digits;
import dev.s4j.examples.data.Objective;
import dev.s4j.examples.data.PixelSequences;
import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.TaskName;
import dev.s4j.examples.data.TaskSpec;
import java.io.IOException;

/** Small tasks and models that train in seconds, for the training tests. */
final class TinyRuns {
    private TinyRuns() {
    }

    /** The first {@code n} images of {@code d} showing a 0 or a 1. */
    static Digits zerosAndOnes(Digits d, int n) {
        int[] picked = new int[n];
        int k = 0;
        for (int i = 0; i < d.size() && k < n; i++) {
            if (d.label(i) < 2) {
                picked[k++] = i;
            }
        }
        return d.subset(picked, 0, k);
    }

    /** Bundled digits 0 and 1: {@code train} for training, 64 for validation and 64 for test. */
    static Task digits(int train) throws IOException {
        Digits.Splits s = Digits.bundledMnist();
        return new Task("smnist", "tiny sequential MNIST, zeros and ones", 784, 1, Objective.Classification.perSequence(10),
                new PixelSequences(zerosAndOnes(s.train(), train), null), new PixelSequences(zerosAndOnes(s.validation(), 64), null),
                new PixelSequences(zerosAndOnes(s.test(), 64), null));
    }

    /** A config for {@link #digits}: 1 thread, a small S4 model. */
    static TrainConfig config(int epochs) {
        return TrainConfig.defaults().withTask(TaskSpec.of(TaskName.SMNIST))
                .withModel(ModelConfig.defaults().withLayers(2).withWidth(32).withStateSize(16).withDropout(0.1))
                .withOptim(OptimConfig.defaults().withEpochs(epochs).withBatch(16).withLr(0.01).withWarmup(0))
                .withSeed(7).withThreads(1);
    }
}

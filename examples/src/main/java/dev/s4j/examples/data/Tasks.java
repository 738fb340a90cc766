package dev.s4j.examples.data;

import dev.s4j.autograd.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Builds the {@link Task} a {@link TaskSpec} names, loading or generating its data. */
public final class Tasks {
    /** Where Debian's {@code dataset-fashion-mnist} package puts its IDX files. */
    public static final Path FASHION_DEFAULT = Path.of("/usr/share/datasets/fashion-mnist");
    /** Seed of psMNIST's pixel permutation (fixed: the permutation is part of the task). */
    public static final long PERMUTATION_SEED = 1234;
    /** Seed of the synthetic tasks' data (fixed: the data does not change with the model seed). */
    public static final long SYNTHETIC_SEED = 2021;
    /** Default length of the synthetic tasks. */
    public static final int DEFAULT_LENGTH = 1024;
    /** Default training size of the synthetic tasks; validation and test have 1000 examples each. */
    public static final int DEFAULT_TRAIN_SIZE = 8000;
    private static final int HELD_OUT = 1000;
    private static final int FULL_MNIST_VALIDATION = 5000;

    private Tasks() {
    }

    /** Loads the task; {@code log} receives messages about slow preparation (speech synthesis). */
    public static Task load(TaskSpec spec, Consumer<String> log) throws IOException {
        return switch (spec.name()) {
            case SMNIST, PSMNIST -> mnist(spec);
            case FASHION -> fashion(spec);
            case COPYING, ADDING, DELAY -> synthetic(spec);
            case SC10 -> speech(spec, log);
            case MNIST_GEN -> generation(spec);
        };
    }

    private static Task generation(TaskSpec spec) throws IOException {
        Digits.Splits s = spec.data() == null ? Digits.bundledMnist() : Digits.fromDirectory(spec.data(), FULL_MNIST_VALIDATION);
        String source = spec.data() == null ? "bundled 10k MNIST sample" : "MNIST from " + spec.data();
        PixelTokens train = new PixelTokens(s.train());
        return new Task(TaskName.MNIST_GEN.id(), "generate digits pixel by pixel (" + PixelTokens.LEVELS + " levels), " + source,
                train.length(), PixelTokens.FEATURES, new Objective.Generative(PixelTokens.LEVELS, "pixel"), train,
                new PixelTokens(s.validation()), new PixelTokens(s.test()));
    }

    private static Task mnist(TaskSpec spec) throws IOException {
        Digits.Splits s = spec.data() == null ? Digits.bundledMnist() : Digits.fromDirectory(spec.data(), FULL_MNIST_VALIDATION);
        boolean permuted = spec.name() == TaskName.PSMNIST;
        String source = spec.data() == null ? "bundled 10k MNIST sample" : "MNIST from " + spec.data();
        return images(spec.name().id(), (permuted ? "permuted sequential " : "sequential ") + source, s, permuted);
    }

    private static Task fashion(TaskSpec spec) throws IOException {
        Path dir = spec.data() == null ? FASHION_DEFAULT : spec.data();
        if (!Files.isDirectory(dir)) {
            throw new IOException("Fashion-MNIST: " + dir + " does not exist; install the Debian package dataset-fashion-mnist"
                    + " or pass --data DIR with the four IDX files");
        }
        return images("fashion", "sequential Fashion-MNIST from " + dir, Digits.fromDirectory(dir, FULL_MNIST_VALIDATION), false);
    }

    private static Task images(String name, String description, Digits.Splits s, boolean permuted) {
        int pixels = s.train().images().rows() * s.train().images().cols();
        int[] order = permuted ? new Generator(PERMUTATION_SEED).permutation(pixels) : null;
        return new Task(name, description, pixels, 1, Objective.Classification.perSequence(10),
                new PixelSequences(s.train(), order), new PixelSequences(s.validation(), order), new PixelSequences(s.test(), order));
    }

    private static Task synthetic(TaskSpec spec) {
        int length = spec.length() == 0 ? DEFAULT_LENGTH : spec.length();
        int train = spec.trainSize() == 0 ? DEFAULT_TRAIN_SIZE : spec.trainSize();
        Synthetic gen;
        Objective objective;
        String description;
        boolean classes;
        int[] targetShape;
        switch (spec.name()) {
            case COPYING -> {
                CopyingMemory c = new CopyingMemory(length, 10, 8);
                gen = c;
                objective = new Objective.Classification(c.alphabet(), c.memorize());
                description = "copying memory: repeat 10 symbols after " + (length - 10) + " steps";
                classes = true;
                targetShape = new int[0];
            }
            case ADDING -> {
                gen = new AddingProblem(length);
                objective = new Objective.Regression(1, false);
                description = "adding problem over " + length + " steps";
                classes = false;
                targetShape = new int[] {1};
            }
            default -> {
                Delay d = new Delay(length, Math.max(1, length / 8));
                gen = d;
                objective = new Objective.Regression(1, true);
                description = "delay: output the input of " + d.lag() + " steps before";
                classes = false;
                targetShape = new int[] {length, 1};
            }
        }
        long seed = Seeds.derive(SYNTHETIC_SEED, spec.name().ordinal(), length);
        return new Task(spec.name().id(), description, length, gen.features(), objective,
                new GeneratedSequences(gen, Seeds.derive(seed, 0), train, classes, targetShape),
                new GeneratedSequences(gen, Seeds.derive(seed, 1), HELD_OUT, classes, targetShape),
                new GeneratedSequences(gen, Seeds.derive(seed, 2), HELD_OUT, classes, targetShape));
    }

    private static Task speech(TaskSpec spec, Consumer<String> log) throws IOException {
        Path dir = spec.data() == null ? cacheDirectory().resolve("sc10") : spec.data();
        if (!Files.isRegularFile(dir.resolve(SpeechSynthesizer.MANIFEST))) {
            if (spec.data() != null) {
                throw new IOException(dir + ": no " + SpeechSynthesizer.MANIFEST + " (generate one with: ./s4j data sc10 --out "
                        + dir + ")");
            }
            log.accept("synthesizing the SC10 speech set into " + dir + " (once; about two minutes)");
            SpeechSynthesizer.generate(SpeechSynthesizer.Options.of(dir), done -> { });
        }
        return new Task("sc10", "SC10-like synthesized speech from " + dir, SpeechSynthesizer.SAMPLES, 1,
                Objective.Classification.perSequence(SpeechSynthesizer.WORDS.size()), SpeechClips.load(dir, "train"),
                SpeechClips.load(dir, "val"), SpeechClips.load(dir, "test"));
    }

    /** The cache for generated data: $S4J_CACHE, else $XDG_CACHE_HOME/s4j, else ~/.cache/s4j. */
    public static Path cacheDirectory() {
        String own = System.getenv("S4J_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("s4j");
    }
}

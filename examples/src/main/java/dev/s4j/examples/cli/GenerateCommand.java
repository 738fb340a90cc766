package dev.s4j.examples.cli;

import dev.s4j.autograd.Generator;
import dev.s4j.examples.data.PixelTokens;
import dev.s4j.examples.data.Seeds;
import dev.s4j.examples.data.Task;
import dev.s4j.examples.data.TaskName;
import dev.s4j.examples.data.TaskSpec;
import dev.s4j.examples.data.Tasks;
import dev.s4j.examples.gen.Completer;
import dev.s4j.examples.gen.Generation;
import dev.s4j.examples.gen.Sampler;
import dev.s4j.examples.train.Checkpoint;
import dev.s4j.examples.train.ServedModels;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s4j generate}: digits drawn pixel by pixel from a model trained with {@code --task mnist-gen}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Draws digits pixel by pixel from a model trained with ./s4j train --task mnist-gen, through the recurrent "
            + "view: the first --prefix pixels of test digits go in at once (prefill), the rest are sampled one step at a time. "
            + "Writes a PNG (original | prefix | completion per row) and the samples as .npy beside it, then compares the "
            + "speed with recomputing the convolution for every pixel."})
public final class GenerateCommand implements Callable<Integer> {
    private static final int PIXELS = 784;
    /** Pixels recomputed through the convolution to measure its speed (and, with --check, to compare). */
    private static final int STRETCH = 16;
    private static final int CHECK_STRETCH = 64;

    @Parameters(paramLabel = "RUN", description = "a run of --task mnist-gen (its checkpoint.safetensors), or a model file")
    Path run;
    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "the picture to write; the samples go to FILE.npy")
    Path out;
    @Option(names = "--samples", defaultValue = "16", description = "digits to draw (default: ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--prefix", defaultValue = "300",
            description = "pixels of each test digit given before sampling, 0 for unconditional samples (default: ${DEFAULT-VALUE})")
    int prefix;
    @Option(names = "--temperature", defaultValue = "1.0", description = "above 0; lower is sharper (default: ${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--top-p", defaultValue = "1.0", description = "in (0, 1]: sample from the likeliest levels holding this "
            + "probability (default: ${DEFAULT-VALUE}, all)")
    double topP;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the draws (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--check", description = "draw " + CHECK_STRETCH + " pixels of the first digit both ways (recurrent view and "
            + "recomputed convolution) and fail unless they are the same")
    boolean check;
    @Option(names = "--classifier", paramLabel = "RUN", description = "an sMNIST classifier run (e.g. the default ./s4j train): "
            + "report how often a completion keeps its original's label")
    Path classifier;
    @Option(names = "--data", paramLabel = "DIR", description = "MNIST IDX files for the test digits (default: the bundled sample)")
    Path data;
    @Option(names = "--threads", defaultValue = "0", description = "digits drawn at once, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter printed = spec.commandLine().getOut();
        Options.atLeast(spec, "--samples", samples, 1);
        Options.atLeast(spec, "--threads", threads, 0);
        if (prefix < 0 || prefix >= PIXELS) {
            throw Options.error(spec, "--prefix must be in [0, " + PIXELS + "): the pixels given of a " + PIXELS + "-pixel digit, got "
                    + prefix);
        }
        Sampler sampler;
        try {
            sampler = new Sampler(temperature, topP);
        } catch (IllegalArgumentException e) {
            throw Options.error(spec, e.getMessage());
        }
        if (out.getFileName() == null || !out.getFileName().toString().endsWith(".png")) {
            throw Options.error(spec, "--out " + out + ": the picture is written as a .png file");
        }
        Options.newFile(spec, "--out", out, true);
        Options.directory(spec, "--data", data);
        Completer completer;
        try {
            completer = new Completer(ServedModels.load(run, line -> { }));
        } catch (IllegalArgumentException e) {
            throw Options.error(spec, run + ": " + e.getMessage());
        }
        Predictor judge = classifier == null ? null : classifierAt(classifier);
        Task task = Tasks.load(TaskSpec.of(TaskName.MNIST_GEN).withData(data), line -> { });
        PixelTokens test = (PixelTokens) task.test();
        if (prefix > 0 && samples > test.size()) {
            throw Options.error(spec, "--samples " + samples + ": the test split has " + test.size() + " digits to complete");
        }
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Generation g = Generation.run(completer, test, samples, prefix, sampler, seed, workers);
        Path npy = out.resolveSibling(out.getFileName().toString().replaceAll("\\.png$", ".npy"));
        g.write(out, npy);
        printed.printf(Locale.ROOT, "%s: %d digits, %s; %s: their %d levels as float32 (%d, 28, 28)%n", out, samples,
                prefix > 0 ? "each the first " + prefix + " pixels of a test digit and " + (PIXELS - prefix) + " drawn"
                        : "unconditional", npy, PIXELS, samples);
        printed.printf(Locale.ROOT, "drew %,d pixels in %.1f s on %d threads (%,.0f pixels/s, the prefixes' prefill included)%n",
                g.tokens(), g.seconds(), workers, g.tokens() / g.seconds());
        speed(completer, test, sampler, printed);
        if (judge != null) {
            labels(judge, g, test, printed);
        }
        printed.flush();
        return 0;
    }

    /**
     * The recurrent view against recomputing the convolution on one digit, one thread (the steps
     * alone: the prefix is not counted); with --check, the same pixels both ways.
     */
    private void speed(Completer completer, PixelTokens test, Sampler sampler, PrintWriter printed) {
        int start = Math.max(prefix, 1);
        int stop = Math.min(PIXELS, start + (check ? CHECK_STRETCH : STRETCH));
        int[] original = prefix > 0 ? test.pixels(0) : new int[PIXELS];
        long[] marks = new long[2];
        Generator a = new Generator(Seeds.derive(seed, 0));
        int[] recurrent = completer.complete(original, start, PIXELS, z -> sampler.sample(z, a), t -> {
            marks[t == start ? 0 : 1] = System.nanoTime();                  // from the first drawn pixel to the last
        });
        double stepSeconds = PIXELS - start > 1 ? (marks[1] - marks[0]) / 1e9 / (PIXELS - start - 1) : Double.NaN;
        long t1 = System.nanoTime();
        Generator b = new Generator(Seeds.derive(seed, 0));
        int[] recomputed = completer.completeByRecomputing(original, start, stop, z -> sampler.sample(z, b));
        double recomputeSeconds = (System.nanoTime() - t1) / 1e9 / (stop - start);
        if (Double.isFinite(stepSeconds)) {
            printed.printf(Locale.ROOT, "recomputing the convolution for every pixel: %,.0f pixels/s at positions %d–%d, one thread; "
                    + "the recurrent view: %,.0f pixels/s, %.0f× faster (the gap grows with the position)%n", 1 / recomputeSeconds, start,
                    stop - 1, 1 / stepSeconds, recomputeSeconds / stepSeconds);
        }
        if (check) {
            for (int t = start; t < stop; t++) {
                if (recurrent[t] != recomputed[t]) {
                    throw new IllegalStateException("--check: pixel " + t + " is " + recurrent[t] + " through the recurrent view but "
                            + recomputed[t] + " through the recomputed convolution");
                }
            }
            printed.printf(Locale.ROOT, "check: the %d pixels %d–%d are the same both ways%n", stop - start, start, stop - 1);
        }
    }

    /** How often the classifier gives a completion its original's label. */
    private void labels(Predictor judge, Generation g, PixelTokens test, PrintWriter printed) {
        if (prefix == 0) {
            printed.println("classifier: unconditional samples have no original label to keep; give --prefix");
            return;
        }
        int kept = 0;
        int right = 0;
        for (int i = 0; i < g.completions().size(); i++) {
            int label = test.label(i);
            right += Sampler.greedy(judge.predict(pixels(test.pixels(i)))) == label ? 1 : 0;
            kept += Sampler.greedy(judge.predict(pixels(g.completions().get(i)))) == label ? 1 : 0;
        }
        int n = g.completions().size();
        printed.printf(Locale.ROOT, "classifier %s: the completion keeps the original's label for %d of %d digits (%.0f%%); "
                + "it labels %d of the %d originals right%n", classifier, kept, n, 100.0 * kept / n, right, n);
    }

    private Predictor classifierAt(Path path) throws IOException {
        Predictor p = ServedModels.load(path, line -> { });
        BackboneSpec s = p.spec();
        TaskName trainedOn = trainedOn(path);
        if (trainedOn != null && trainedOn != TaskName.SMNIST) {
            throw Options.error(spec, "--classifier " + path + " was trained on " + trainedOn.id() + "; its labels mean nothing for "
                    + "digits in raster order: give a run of ./s4j train --task smnist");
        }
        if (s.inputSize() != 1 || s.outputSize() != 10 || s.pooling() == Pooling.NONE) {
            throw Options.error(spec, "--classifier " + path + ": not a digit classifier (it takes " + s.inputSize() + " inputs and gives "
                    + s.outputSize() + " outputs" + (s.pooling() == Pooling.NONE ? " per position" : "")
                    + "); give a run of ./s4j train --task smnist");
        }
        return p;
    }

    /** The task of a run directory or checkpoint, or null for a file that does not say (a model file). */
    private static TaskName trainedOn(Path path) {
        Path file = java.nio.file.Files.isDirectory(path) ? path.resolve("checkpoint.safetensors") : path;
        try {
            return Checkpoint.read(file).config().task().name();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static float[][] pixels(int[] levels) {
        float[][] x = new float[levels.length][1];
        for (int t = 0; t < levels.length; t++) {
            x[t][0] = levels[t] / 255f;
        }
        return x;
    }
}

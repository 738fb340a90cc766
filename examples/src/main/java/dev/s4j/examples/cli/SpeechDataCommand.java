package dev.s4j.examples.cli;

import dev.s4j.examples.data.SpeechSynthesizer;
import dev.s4j.examples.data.Tasks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import dev.s4j.examples.train.Bars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code s4j data sc10}: synthesizes the SC10-like speech set. */
@Command(name = "sc10", mixinStandardHelpOptions = true,
        description = {"Synthesizes an SC10-like speech set (yes, no, up, down, left, right, on, off, stop, go; 1 s at 16 kHz)",
            "with espeak-ng and sox: WAV files and a manifest with train/val/test splits by voice."})
public final class SpeechDataCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: the cache, where --task sc10 looks)")
    Path out;
    @Option(names = "--per-word", defaultValue = "250", description = "clips per word (default: ${DEFAULT-VALUE})")
    int perWord;
    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--workers", defaultValue = "0", description = "parallel processes, 0 = one per core")
    int workers;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : Tasks.cacheDirectory().resolve("sc10");
        SpeechSynthesizer.Options o = SpeechSynthesizer.Options.of(dir).withPerWord(perWord).withSeed(seed);
        if (workers > 0) {
            o = o.withWorkers(workers);
        }
        int total = perWord * SpeechSynthesizer.WORDS.size();
        Path manifest;
        try (ProgressBar bar = Bars.builder("sc10", total).build()) {
            manifest = SpeechSynthesizer.generate(o, done -> bar.step());
        }
        spec.commandLine().getOut().println(total + " clips; manifest " + manifest);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

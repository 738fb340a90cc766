package dev.s4j.examples.data;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Synthesizes an SC10-like raw speech dataset (S4 §4.3, Table 5: the ten words yes, no, up, down,
 * left, right, on, off, stop, go of Speech Commands, 1 s at 16 kHz) with espeak-ng and sox.
 *
 * <p>A "speaker" is an espeak-ng voice with a voice variant ({@code en-us+f2}); each speaker
 * belongs to one split (about 80 / 10 / 10 %), so validation and test use voices never heard in
 * training, as Speech Commands splits by speaker. Each clip draws its speaker, speed and pitch
 * from a generator seeded with (seed, word, index); sox resamples espeak-ng's output to 16 kHz,
 * then the word is trimmed of silence, shifted to a random position in the 1 s window, scaled,
 * and mixed with white noise at a random signal-to-noise ratio. The same seed gives the same
 * files. {@value #MANIFEST} (path, label, split per line) is written last, so its presence
 * means the set is complete.
 */
public final class SpeechSynthesizer {
    /** The ten SC10 words, in label order. */
    public static final List<String> WORDS = List.of("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go");
    /** Name of the manifest file in the output directory. */
    public static final String MANIFEST = "manifest.tsv";
    /** Samples per clip: 1 s at 16 kHz. */
    public static final int SAMPLES = 16_000;

    private static final List<String> VOICES = List.of("en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan",
            "en-gb-x-gbcwmd", "en-029", "en-us-nyc");
    private static final List<String> VARIANTS = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4");

    /**
     * Settings.
     *
     * @param out     directory to write into
     * @param perWord clips per word
     * @param seed    seed of every random choice
     * @param workers parallel espeak-ng/sox processes
     * @param espeak  the espeak-ng executable
     * @param sox     the sox executable
     */
    public record Options(Path out, int perWord, long seed, int workers, String espeak, String sox) {
        public Options {
            if (perWord < 1 || workers < 1) {
                throw new IllegalArgumentException("speech synthesis: clips per word and workers must be positive, got "
                        + perWord + " and " + workers);
            }
        }

        /** Defaults: 250 clips per word, seed 0, one worker per core, tools from the PATH. */
        public static Options of(Path out) {
            return new Options(out, 250, 0, Runtime.getRuntime().availableProcessors(), "espeak-ng", "sox");
        }

        /** A copy with perWord replaced. */
        public Options withPerWord(int v) {
            return new Options(out, v, seed, workers, espeak, sox);
        }

        /** A copy with seed replaced. */
        public Options withSeed(long v) {
            return new Options(out, perWord, v, workers, espeak, sox);
        }

        /** A copy with workers replaced. */
        public Options withWorkers(int v) {
            return new Options(out, perWord, seed, v, espeak, sox);
        }

        /** A copy with the executables replaced. */
        public Options withTools(String espeakPath, String soxPath) {
            return new Options(out, perWord, seed, workers, espeakPath, soxPath);
        }
    }

    private SpeechSynthesizer() {
    }

    /** The split of a speaker (voice index, variant index) for a seed: "train", "val" or "test". */
    static String split(long seed, int voice, int variant) {
        long r = Math.floorMod(Seeds.derive(seed, 1, voice, variant), 10);
        return r == 0 ? "test" : r == 1 ? "val" : "train";
    }

    /** Checks that both tools run; otherwise an IOException that says how to install them. */
    public static void requireTools(Options o) throws IOException {
        for (String tool : new String[] {o.espeak(), o.sox()}) {
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(tool + " --version did not finish");
                }
            } catch (IOException e) {
                throw new IOException("speech synthesis needs espeak-ng and sox, but '" + tool + "' cannot be run ("
                        + e.getMessage() + "). On Debian or Ubuntu: sudo apt-get install espeak-ng sox", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while checking " + tool, e);
            }
        }
    }

    /** Writes the dataset; {@code progress} receives the number of clips done so far. */
    public static Path generate(Options o, IntConsumer progress) throws IOException {
        requireTools(o);
        Files.createDirectories(o.out());
        List<String> lines = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        for (int w = 0; w < WORDS.size(); w++) {
            for (int k = 0; k < o.perWord(); k++) {
                Generator g = new Generator(Seeds.derive(o.seed(), 0, w, k));
                int voice = g.nextInt(VOICES.size());
                int variant = g.nextInt(VARIANTS.size());
                String word = WORDS.get(w);
                Path rel = Path.of(word, word + "_" + k + ".wav");
                lines.add(rel.toString().replace('\\', '/') + "\t" + w + "\t" + split(o.seed(), voice, variant));
                jobs.add(() -> clip(o, word, VOICES.get(voice) + "+" + VARIANTS.get(variant), g, o.out().resolve(rel)));
            }
        }
        run(jobs, o.workers(), progress);
        AtomicFiles.writeString(o.out().resolve(MANIFEST), "path\tlabel\tsplit\n" + String.join("\n", lines) + "\n");
        return o.out().resolve(MANIFEST);
    }

    @FunctionalInterface
    private interface Job {
        void call() throws IOException, InterruptedException;
    }

    private static void run(List<Job> jobs, int workers, IntConsumer progress) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "s4j-speech");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    job.call();
                    progress.accept(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("speech synthesis failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("speech synthesis interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Synthesizes one clip into {@code target}. */
    private static void clip(Options o, String word, String voice, Generator g, Path target)
            throws IOException, InterruptedException {
        int speed = 120 + g.nextInt(101);
        int pitch = 20 + g.nextInt(61);
        Files.createDirectories(target.getParent());
        Path raw = Files.createTempFile(target.getParent(), ".espeak", ".wav");
        Path resampled = Files.createTempFile(target.getParent(), ".sox", ".wav");
        try {
            exec(o.espeak(), "-v", voice, "-s", Integer.toString(speed), "-p", Integer.toString(pitch), "-w", raw.toString(), word);
            exec(o.sox(), "-R", "-D", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", resampled.toString());
            short[] speech = trim(Wav.read(resampled).samples());
            Wav.write(target, new Wav.Audio(16_000, place(speech, g)));
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(resampled);
        }
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ": " + output.strip());
        }
    }

    /** The part between the first and last sample above 2 % of the peak, with 25 ms margins. */
    static short[] trim(short[] s) {
        int peak = 1;
        for (short v : s) {
            peak = Math.max(peak, Math.abs(v));
        }
        int threshold = Math.max(1, peak / 50);
        int first = 0;
        while (first < s.length && Math.abs(s[first]) < threshold) {
            first++;
        }
        int last = s.length - 1;
        while (last > first && Math.abs(s[last]) < threshold) {
            last--;
        }
        int from = Math.max(0, first - 400);
        int to = Math.min(s.length, last + 401);
        return java.util.Arrays.copyOfRange(s, from, Math.max(from, to));
    }

    /** The word at a random offset of a 1 s window, at a random level, with white noise at 10–40 dB SNR. */
    static short[] place(short[] speech, Generator g) {
        int len = Math.min(speech.length, SAMPLES);
        int offset = g.nextInt(SAMPLES - len + 1);
        double peak = 1;
        double power = 0;
        for (int i = 0; i < len; i++) {
            peak = Math.max(peak, Math.abs(speech[i]));
            power += (double) speech[i] * speech[i];
        }
        double gain = (0.3 + 0.6 * g.nextDouble()) * 32767 / peak;
        double rms = Math.sqrt(power / Math.max(1, len)) * gain;
        double snrDb = 10 + 30 * g.nextDouble();
        double noise = rms / Math.pow(10, snrDb / 20);
        short[] out = new short[SAMPLES];
        for (int t = 0; t < SAMPLES; t++) {
            double v = noise * g.nextGaussian();
            int i = t - offset;
            if (i >= 0 && i < len) {
                v += gain * speech[i];
            }
            out[t] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
        return out;
    }
}

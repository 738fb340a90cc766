package dev.s4j.examples.data;

import dev.s4j.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled 1 s speech clips at 16 kHz read from a directory written by {@link SpeechSynthesizer}
 * (or laid out the same way: {@value SpeechSynthesizer#MANIFEST} with lines
 * {@code path<TAB>label<TAB>split}). Inputs are the raw waveforms, (B, 16000, 1) in [−1, 1).
 */
public final class SpeechClips implements SequenceDataset {
    private final short[][] clips;
    private final int[] labels;

    private SpeechClips(short[][] clips, int[] labels) {
        this.clips = clips;
        this.labels = labels;
    }

    /** The clips of {@code split} ("train", "val" or "test") listed in {@code dir}'s manifest. */
    public static SpeechClips load(Path dir, String split) throws IOException {
        Path manifest = dir.resolve(SpeechSynthesizer.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IOException(dir + ": no " + SpeechSynthesizer.MANIFEST + " (generate the data with: ./s4j data sc10 --out "
                    + dir + ")");
        }
        List<String> lines = Files.readAllLines(manifest);
        List<short[]> clips = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 3) {
                throw new IOException(manifest + ": line " + (i + 1) + " has " + f.length + " fields, expected path, label, split");
            }
            if (!f[2].equals(split)) {
                continue;
            }
            int label;
            try {
                label = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new IOException(manifest + ": line " + (i + 1) + ": label '" + f[1] + "' is not a number");
            }
            if (label < 0 || label >= SpeechSynthesizer.WORDS.size()) {
                throw new IOException(manifest + ": line " + (i + 1) + ": label " + label + " outside 0…"
                        + (SpeechSynthesizer.WORDS.size() - 1));
            }
            Path file = dir.resolve(f[0]);
            Wav.Audio audio = Wav.read(file);
            if (audio.sampleRate() != 16_000 || audio.samples().length != SpeechSynthesizer.SAMPLES) {
                throw new IOException(file + ": expected 16000 samples at 16 kHz, got " + audio.samples().length + " at "
                        + audio.sampleRate() + " Hz");
            }
            clips.add(audio.samples());
            labels.add(label);
        }
        if (clips.isEmpty()) {
            throw new IOException(manifest + ": no clips in split '" + split + "'");
        }
        return new SpeechClips(clips.toArray(short[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public int size() {
        return clips.length;
    }

    @Override
    public Batch batch(int[] indices) {
        int l = SpeechSynthesizer.SAMPLES;
        float[] x = new float[indices.length * l];
        int[] y = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            short[] c = clips[indices[b]];
            for (int t = 0; t < l; t++) {
                x[b * l + t] = c[t] / 32768f;
            }
            y[b] = labels[indices[b]];
        }
        return new Batch(Tensor.of(x, indices.length, l, 1), new Targets.Classes(y));
    }
}

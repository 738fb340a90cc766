package dev.s4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SC10-like speech synthesis: placement, splits, missing tools, and (with espeak-ng and sox) real clips. */
class SpeechSynthesizerTest {
    @TempDir
    Path dir;

    @Test
    void placementFitsTheWordIntoOneSecondWithNoise() {
        short[] word = new short[5000];
        for (int i = 0; i < word.length; i++) {
            word[i] = (short) (10000 * Math.sin(i * 0.05));
        }
        short[] clip = SpeechSynthesizer.place(word, new Generator(1));
        assertEquals(16000, clip.length);
        long nonzero = 0;
        for (short s : clip) {
            nonzero += s != 0 ? 1 : 0;
        }
        assertTrue(nonzero > 15000, "noise everywhere");
        assertArrayEquals(clip, SpeechSynthesizer.place(word, new Generator(1)));
        short[] tooLong = SpeechSynthesizer.place(new short[40000], new Generator(2));
        assertEquals(16000, tooLong.length);
    }

    @Test
    void trimmingKeepsTheVoicedPartWithMargins() {
        short[] s = new short[10000];
        for (int i = 3000; i < 4000; i++) {
            s[i] = 5000;
        }
        short[] t = SpeechSynthesizer.trim(s);
        assertEquals(1000 + 800, t.length);
    }

    @Test
    void speakersAreSplitRoughly80To10To10() {
        int[] counts = new int[3];
        for (int v = 0; v < 100; v++) {
            for (int w = 0; w < 100; w++) {
                String s = SpeechSynthesizer.split(0, v, w);
                counts[s.equals("train") ? 0 : s.equals("val") ? 1 : 2]++;
            }
        }
        assertTrue(Math.abs(counts[0] - 8000) < 300 && Math.abs(counts[1] - 1000) < 200 && Math.abs(counts[2] - 1000) < 200,
                java.util.Arrays.toString(counts));
    }

    @Test
    void missingToolsSayHowToInstallThem() {
        SpeechSynthesizer.Options o = SpeechSynthesizer.Options.of(dir).withTools("/nonexistent/espeak-ng", "sox");
        IOException e = assertThrows(IOException.class, () -> SpeechSynthesizer.generate(o, n -> { }));
        assertTrue(e.getMessage().contains("/nonexistent/espeak-ng") && e.getMessage().contains("apt-get install espeak-ng sox"),
                e.getMessage());
    }

    private static boolean toolsInstalled() {
        try {
            SpeechSynthesizer.requireTools(SpeechSynthesizer.Options.of(Path.of(".")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void synthesizesLabelledOneSecondClipsReproducibly() throws IOException {
        assumeTrue(toolsInstalled(), "espeak-ng and sox are not installed");
        SpeechSynthesizer.Options o = SpeechSynthesizer.Options.of(dir.resolve("a")).withPerWord(3).withSeed(5).withWorkers(2);
        Path manifest = SpeechSynthesizer.generate(o, n -> { });
        List<String> lines = Files.readAllLines(manifest);
        assertEquals("path\tlabel\tsplit", lines.get(0));
        assertEquals(31, lines.size());
        int clips = 0;
        for (String split : new String[] {"train", "val", "test"}) {
            try {
                SpeechClips c = SpeechClips.load(dir.resolve("a"), split);
                clips += c.size();
                Batch b = c.range(0, 1);
                assertArrayEquals(new int[] {1, 16000, 1}, b.inputs().shape());
            } catch (IOException e) {
                assertTrue(e.getMessage().contains("no clips in split"), e.getMessage());
            }
        }
        assertEquals(30, clips);
        assertTrue(lines.get(1).startsWith("yes/yes_0.wav\t0\t"));
        Path other = dir.resolve("b");
        SpeechSynthesizer.generate(new SpeechSynthesizer.Options(other, 1, 5, 1, "espeak-ng", "sox"), n -> { });
        for (String word : SpeechSynthesizer.WORDS) {
            Path rel = Path.of(word, word + "_0.wav");
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(rel)), Files.readAllBytes(other.resolve(rel)), word);
        }
    }

    @Test
    void aManifestPointingAtADamagedClipNamesIt() throws IOException {
        Files.writeString(dir.resolve("manifest.tsv"), "path\tlabel\tsplit\nyes/x.wav\t0\ttrain\n");
        Files.createDirectories(dir.resolve("yes"));
        Files.write(dir.resolve("yes/x.wav"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> SpeechClips.load(dir, "train"));
        assertTrue(e.getMessage().contains("x.wav"), e.getMessage());
        Files.writeString(dir.resolve("manifest.tsv"), "path\tlabel\tsplit\nyes/x.wav\tseven\ttrain\n");
        e = assertThrows(IOException.class, () -> SpeechClips.load(dir, "train"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("seven"), e.getMessage());
    }
}

package dev.s4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Generator;
import dev.s4j.autograd.io.Npy;
import dev.s4j.examples.data.PixelTokens;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import dev.s4j.ssm.serve.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s4j generate}: a picture and the samples from a generator, the same for a seed; bad options named. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    private Path model(int inputs, int outputs, Pooling pooling) throws Exception {
        Path file = dir.resolve("m" + inputs + "-" + outputs + ".safetensors");
        Predictor.of(new Backbone(BackboneSpec.of(inputs, outputs).withWidth(8).withLayers(1).withBlock(BlockSpec.of(DiagonalSpec.of(8)))
                .withPooling(pooling), new Generator(1))).save(file);
        return file;
    }

    @Test
    void aGeneratorDrawsDigitsReproducibly() throws Exception {
        Path gen = model(PixelTokens.FEATURES, PixelTokens.LEVELS, Pooling.NONE);
        Path classifier = model(1, 10, Pooling.MEAN);
        CommandLineTest.Run r = CommandLineTest.run("generate", gen.toString(), "--out", dir.resolve("a.png").toString(), "--samples",
                "3", "--prefix", "700", "--check", "--classifier", classifier.toString(), "--seed", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("check: the 64 pixels 700–763 are the same both ways"), r.out());
        assertTrue(r.out().contains("keeps the original's label for"), r.out());
        assertTrue(r.out().contains("× faster"), r.out());
        assertTrue(Files.size(dir.resolve("a.png")) > 1000);
        Npy.Array a = Npy.read(dir.resolve("a.npy"));
        assertArrayEquals(new int[] {3, 28, 28}, a.shape());
        r = CommandLineTest.run("generate", gen.toString(), "--out", dir.resolve("b.png").toString(), "--samples", "3", "--prefix", "700",
                "--seed", "5", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(a.values(), Npy.read(dir.resolve("b.npy")).values(), "the same seed draws the same digits on any thread count");
        r = CommandLineTest.run("generate", gen.toString(), "--out", dir.resolve("c.png").toString(), "--samples", "1", "--prefix", "780",
                "--check");
        assertEquals(0, r.code(), r.err());                                 // the compared stretch ends with the digit
        assertTrue(r.out().contains("check: the 4 pixels 780–783 are the same both ways"), r.out());
    }

    @Test
    void badOptionsAreNamed() throws Exception {
        Path gen = model(PixelTokens.FEATURES, PixelTokens.LEVELS, Pooling.NONE);
        String out = dir.resolve("x.png").toString();
        String[][] cases = {
            {"--prefix", "784", "--prefix must be in [0, 784)"},
            {"--temperature", "0", "--temperature must be a positive number, got 0.0"},
            {"--top-p", "1.5", "--top-p must be in (0, 1], got 1.5"},
            {"--top-p", "0", "--top-p must be in (0, 1], got 0.0"},
            {"--samples", "0", "--samples"},
        };
        for (String[] c : cases) {
            CommandLineTest.Run r = CommandLineTest.run("generate", gen.toString(), "--out", out, c[0], c[1]);
            assertEquals(2, r.code(), String.join(" ", c));
            assertTrue(r.err().contains(c[2]), r.err());
        }
        CommandLineTest.Run r = CommandLineTest.run("generate", model(1, 10, Pooling.MEAN).toString(), "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a pixel generator") && r.err().contains("--task mnist-gen"), r.err());
        r = CommandLineTest.run("generate", gen.toString(), "--out", dir.resolve("x.jpg").toString());
        assertTrue(r.err().contains("written as a .png file"), r.err());
        r = CommandLineTest.run("generate", gen.toString(), "--out", out, "--classifier", gen.toString());
        assertTrue(r.err().contains("--classifier") && r.err().contains("not a digit classifier"), r.err());
        assertTrue(!Files.exists(dir.resolve("x.png")), "nothing written");
    }
}

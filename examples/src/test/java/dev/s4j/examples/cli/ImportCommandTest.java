package dev.s4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s4j import official} then {@code s4j predict}: the official example.py model's outputs, from the command line. */
class ImportCommandTest {
    private static final Path OFFICIAL = Path.of("..", "interop", "src", "test", "resources", "official");

    @TempDir
    Path dir;

    @Test
    void anOfficialCheckpointServesWithItsOwnOutputs() throws Exception {
        Path model = dir.resolve("model.safetensors");
        CommandLineTest.Run r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4d-prenorm.pth").toString(), "--prenorm",
                "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 S4D layers, d_in 3, H 16, N 8, d_out 5, pre-norm"), r.out());
        Path y = dir.resolve("y.npy");
        r = CommandLineTest.run("predict", model.toString(), "--input", OFFICIAL.resolve("s4d-prenorm-x.npy").toString(), "--output",
                y.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Npy.read(OFFICIAL.resolve("s4d-prenorm-y.npy")).values(), Npy.read(y).values(), 2e-6);

        r = CommandLineTest.run("import", "official", OFFICIAL.resolve("s4d-prenorm.pth").toString(), "--out", model.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("s4j import official: --out") && r.err().contains("exists"), r.err());
        Path notState = dir.resolve("x.npy");
        Files.copy(OFFICIAL.resolve("s4d-prenorm-x.npy"), notState);
        r = CommandLineTest.run("import", "official", notState.toString(), "--out", dir.resolve("m2.safetensors").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("x.npy: neither a torch.save file"), r.err());
    }
}

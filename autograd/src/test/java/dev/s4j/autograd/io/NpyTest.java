package dev.s4j.autograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy files written by NumPy 2.4 (test resources), and ours read back byte for byte as NumPy writes them. */
class NpyTest {
    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsWhatNumpyWrites() throws IOException {
        Npy.Array f4 = Npy.read(resource("f4_2x3.npy"));
        assertArrayEquals(new int[] {2, 3}, f4.shape());
        assertEquals("float32", f4.dtype());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1, 1.25}, f4.values());
        Npy.Array big = Npy.read(resource("f8_big_3.npy"));
        assertArrayEquals(new double[] {1.5, -2.25, 1e300}, big.values());
        Npy.Array i8 = Npy.read(resource("i8_4.npy"));
        assertTrue(i8.isIntegral());
        assertArrayEquals(new double[] {784, 1, 0, 99}, i8.values());
        Npy.Array scalar = Npy.read(resource("i4_scalar.npy"));
        assertEquals(0, scalar.rank());
        assertArrayEquals(new double[] {7}, scalar.values());
        assertArrayEquals(new double[] {0, 255, 3, 4}, Npy.read(resource("u1_2x2.npy")).values());
        Npy.Array v2 = Npy.read(resource("v2_f4.npy"));
        assertArrayEquals(new int[] {2, 1, 3}, v2.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, v2.values());
    }

    @Test
    void writesWhatNumpyWrites() throws IOException {
        Path ours = dir.resolve("f4.npy");
        Npy.write(ours, new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, 2, 3);
        assertArrayEquals(Files.readAllBytes(resource("f4_2x3.npy")), Files.readAllBytes(ours));
        Path d = dir.resolve("f8.npy");
        Npy.write(d, new double[] {1, 2, 3}, 3);
        assertArrayEquals(new int[] {3}, Npy.read(d).shape());
        assertArrayEquals(new double[] {1, 2, 3}, Npy.read(d).values());
    }

    @Test
    void badFilesAreNamed() throws IOException {
        String fortran = assertThrows(IOException.class, () -> Npy.read(resource("fortran.npy"))).getMessage();
        assertTrue(fortran.contains("Fortran order"), fortran);
        String complex = assertThrows(IOException.class, () -> Npy.read(resource("c8.npy"))).getMessage();
        assertTrue(complex.contains("unsupported dtype '<c8'"), complex);
        Path cut = dir.resolve("cut.npy");
        byte[] full = Files.readAllBytes(resource("f4_2x3.npy"));
        Files.write(cut, java.util.Arrays.copyOf(full, full.length - 2));
        String truncated = assertThrows(IOException.class, () -> Npy.read(cut)).getMessage();
        assertTrue(truncated.contains("cut.npy") && truncated.contains("truncated"), truncated);
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "1,2,3\n");
        String notNpy = assertThrows(IOException.class, () -> Npy.read(text)).getMessage();
        assertTrue(notNpy.contains("not a .npy file"), notNpy);
        String missing = assertThrows(IOException.class, () -> Npy.read(dir.resolve("none.npy"))).getMessage();
        assertTrue(missing.contains("no such file"), missing);
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("x.npy"), new float[5], 2, 3));
    }
}

package dev.s4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files: plain and gzipped, and every kind of damage reported with the file name. */
class IdxTest {
    @TempDir
    Path dir;

    static byte[] images(int magic, int count, int rows, int cols, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(16 + bodyBytes).putInt(magic).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < bodyBytes; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    static byte[] labels(int count, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + bodyBytes).putInt(0x801).putInt(count);
        for (int i = 0; i < bodyBytes; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        byte[] raw = images(0x803, 3, 2, 2, 12);
        Idx.Images a = Idx.readImages(file("a", raw));
        Idx.Images b = Idx.readImages(file("b.gz", gzip(raw)));
        assertEquals(3, a.count());
        assertEquals(2, a.rows());
        assertArrayEquals(a.pixels(), b.pixels());
        assertEquals(11, a.pixels()[11]);
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, Idx.readLabels(file("l", labels(5, 5))));
    }

    private String failure(String name, byte[] content, boolean asLabels) throws IOException {
        Path p = file(name, content);
        return assertThrows(IOException.class, () -> {
            if (asLabels) {
                Idx.readLabels(p);
            } else {
                Idx.readImages(p);
            }
        }).getMessage();
    }

    @Test
    void damageIsReportedWithTheFileAndTheProblem() throws IOException {
        String m = failure("short-images", images(0x803, 3, 2, 2, 10), false);
        assertTrue(m.contains("short-images") && m.contains("truncated") && m.contains("12 bytes") && m.contains("only 10"), m);
        m = failure("labels-as-images", labels(4, 4), false);
        assertTrue(m.contains("labels-as-images") && m.contains("magic") && m.contains("0x801"), m);
        m = failure("images-as-labels", images(0x803, 1, 1, 1, 1), true);
        assertTrue(m.contains("images-as-labels") && m.contains("0x803"), m);
        m = failure("empty", new byte[0], false);
        assertTrue(m.contains("empty") && m.contains("no IDX header"), m);
        m = failure("cut-header", new byte[] {0, 0, 8, 3, 0, 0}, false);
        assertTrue(m.contains("truncated header"), m);
        m = failure("short-labels.gz", gzip(labels(10, 7)), true);
        assertTrue(m.contains("short-labels.gz") && m.contains("10 labels"), m);
        IOException missing = assertThrows(IOException.class, () -> Idx.readImages(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"));
    }

    @Test
    void aLabelCountThatDisagreesWithTheImagesIsRefused() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(0x803, 4, 28, 28, 4 * 784));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(3, 3)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(0x803, 1, 28, 28, 784));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(1, 1));
        IOException e = assertThrows(IOException.class, () -> Digits.fromDirectory(dir, 1));
        assertEquals(dir.resolve("train-labels-idx1-ubyte.gz") + ": 3 labels for the 4 images of train-images-idx3-ubyte",
                e.getMessage());
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(4, 4)));
        Digits.Splits s = Digits.fromDirectory(dir, 1);
        assertEquals(3, s.train().size());
        assertEquals(1, s.validation().size());
        assertEquals(1, s.test().size());
        assertEquals(3, s.validation().label(0));
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        IOException gone = assertThrows(IOException.class, () -> Digits.fromDirectory(dir, 1));
        assertTrue(gone.getMessage().contains("t10k-labels-idx1-ubyte"), gone.getMessage());
    }

    @Test
    void aTruncatedGzipFileIsNamedAsSuch() throws IOException {
        byte[] whole = gzip(images(0x803, 4, 28, 28, 4 * 784));
        Path cut = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException e = assertThrows(IOException.class, () -> Idx.readImages(cut));
        assertTrue(e.getMessage().startsWith(cut + ": damaged or truncated gzip data"), e.getMessage());
    }

    @Test
    void labelsOutsideTheClassesAreNamedWithTheirIndex() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(0x803, 3, 28, 28, 3 * 784));
        ByteBuffer bad = ByteBuffer.allocate(11).putInt(0x801).putInt(3).put((byte) 1).put((byte) 12).put((byte) 3);
        Path labelsFile = dir.resolve("train-labels-idx1-ubyte");
        Files.write(labelsFile, bad.array());
        IOException e = assertThrows(IOException.class, () -> Digits.read(dir.resolve("train-images-idx3-ubyte"), labelsFile));
        assertEquals(labelsFile + ": label 12 at index 1 is outside 0–9", e.getMessage());
        Files.write(labelsFile, labels(2, 2));
        e = assertThrows(IOException.class, () -> Digits.read(dir.resolve("train-images-idx3-ubyte"), labelsFile));
        assertEquals(labelsFile + ": 2 labels for the 3 images of train-images-idx3-ubyte", e.getMessage());
    }
}

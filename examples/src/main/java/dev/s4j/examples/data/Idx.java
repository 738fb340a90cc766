package dev.s4j.examples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of the IDX files of MNIST and Fashion-MNIST (big-endian magic, dimensions, unsigned
 * bytes), gzipped or not — detected from the content, not the name. Every problem names the file
 * and what is wrong with it.
 */
public final class Idx {
    private static final int IMAGES = 0x00000803;
    private static final int LABELS = 0x00000801;

    private Idx() {
    }

    /** Images (count, rows, cols) as unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /** Reads an images file. */
    public static Images readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        }
    }

    /** Reads a labels file. */
    public static byte[] readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString());
        }
    }

    /** Reads an images stream; {@code name} appears in error messages. */
    public static Images readImages(InputStream in, String name) throws IOException {
        DataInputStream data = new DataInputStream(maybeGunzip(in));
        int magic = header(data, name);
        if (magic != IMAGES) {
            throw new IOException(name + ": not an IDX images file (magic number 0x" + Integer.toHexString(magic)
                    + ", expected 0x803)");
        }
        int count = dimension(data, name, "image count");
        int rows = dimension(data, name, "rows");
        int cols = dimension(data, name, "columns");
        long size = (long) count * rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": " + count + " images of " + rows + "×" + cols + " are too many to load");
        }
        byte[] pixels = body(data, name, (int) size, count + " images of " + rows + "×" + cols);
        return new Images(count, rows, cols, pixels);
    }

    /** Reads a labels stream. */
    public static byte[] readLabels(InputStream in, String name) throws IOException {
        DataInputStream data = new DataInputStream(maybeGunzip(in));
        int magic = header(data, name);
        if (magic != LABELS) {
            throw new IOException(name + ": not an IDX labels file (magic number 0x" + Integer.toHexString(magic)
                    + ", expected 0x801)");
        }
        int count = dimension(data, name, "label count");
        return body(data, name, count, count + " labels");
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        return Files.newInputStream(file);
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in);
        b.mark(2);
        int first = b.read();
        int second = b.read();
        b.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(b, 1 << 16) : b;
    }

    private static int header(DataInputStream in, String name) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IOException(name + ": empty or truncated file (no IDX header)");
        } catch (ZipException e) {
            throw new IOException(name + ": damaged gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static int dimension(DataInputStream in, String name, String what) throws IOException {
        try {
            int d = in.readInt();
            if (d < 0) {
                throw new IOException(name + ": negative " + what + " " + d);
            }
            return d;
        } catch (EOFException e) {
            throw new IOException(name + ": truncated header (missing " + what + ")");
        }
    }

    private static byte[] body(DataInputStream in, String name, int size, String what) throws IOException {
        byte[] out = new byte[size];
        int read;
        try {
            read = in.readNBytes(out, 0, size);
        } catch (EOFException | ZipException e) {
            throw new IOException(name + ": damaged or truncated gzip data (" + e.getMessage() + ")", e);
        }
        if (read < size) {
            throw new IOException(name + ": truncated: the header promises " + what + " (" + size + " bytes) but only "
                    + read + " bytes follow");
        }
        return out;
    }
}

package dev.s4j.autograd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0): a magic string, a header that is a
 * Python dict literal ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}), then
 * the values in C order. Reads float32, float64, int32, int64, uint8 and bool arrays of either
 * byte order; writes little-endian float32 or float64, atomically. Any other content fails naming
 * the file and what is wrong.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * An array read from a file.
     *
     * @param shape  its dimensions (empty for a scalar)
     * @param values every value in C order, as doubles (exact for every dtype read)
     * @param dtype  the file's dtype as NumPy names it: float32, float64, int32, int64, uint8 or bool
     */
    public record Array(int[] shape, double[] values, String dtype) {
        /** Number of dimensions. */
        public int rank() {
            return shape.length;
        }

        /** True for integer (or bool) dtypes. */
        public boolean isIntegral() {
            return !dtype.startsWith("float");
        }
    }

    /** Reads {@code file}. */
    public static Array read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(file + ": not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = bytes[6];
        int headerLength;
        int start;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buf.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IOException(file + ": truncated .npy header");
            }
            long h = Integer.toUnsignedLong(buf.getInt(8));
            if (h > bytes.length) {
                throw new IOException(file + ": truncated .npy header");
            }
            headerLength = (int) h;
            start = 12;
        } else {
            throw new IOException(file + ": .npy format version " + major + "." + bytes[7] + " (this reader knows 1, 2 and 3)");
        }
        if (start + headerLength > bytes.length) {
            throw new IOException(file + ": truncated .npy header");
        }
        String header = new String(bytes, start, headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(DESCR, header, "descr", file);
        if (field(FORTRAN, header, "fortran_order", file).equals("True")) {
            throw new IOException(file + ": the array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        int[] shape = shape(field(SHAPE, header, "shape", file), file);
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (descr.length() < 3) {
            throw new IOException(file + ": unsupported dtype '" + descr + "'");
        }
        char order = descr.charAt(0);
        String kind = descr.substring(1);
        ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String dtype;
        int size;
        switch (kind) {
            case "f4" -> { dtype = "float32"; size = 4; }
            case "f8" -> { dtype = "float64"; size = 8; }
            case "i4" -> { dtype = "int32"; size = 4; }
            case "i8" -> { dtype = "int64"; size = 8; }
            case "u1" -> { dtype = "uint8"; size = 1; }
            case "b1" -> { dtype = "bool"; size = 1; }
            default -> throw new IOException(file + ": unsupported dtype '" + descr
                    + "' (float32, float64, int32, int64, uint8 or bool)");
        }
        if (order != '<' && order != '>' && order != '|' && order != '=') {
            throw new IOException(file + ": unsupported byte order in dtype '" + descr + "'");
        }
        int data = start + headerLength;
        if (count * size != bytes.length - data) {
            throw new IOException(file + ": shape " + shapeText(shape) + " of " + dtype + " needs " + count * size
                    + " bytes of data, the file has " + (bytes.length - data) + (count * size > bytes.length - data ? " (truncated)" : ""));
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": " + count + " values are too many for one array");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, data, bytes.length - data).slice().order(byteOrder);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (kind) {
                case "f4" -> body.getFloat(i * 4);
                case "f8" -> body.getDouble(i * 8);
                case "i4" -> body.getInt(i * 4);
                case "i8" -> body.getLong(i * 8);
                default -> Byte.toUnsignedInt(body.get(i));
            };
        }
        return new Array(shape, values, dtype);
    }

    /** Writes float32 values of the given shape (C order) to {@code file}, atomically. */
    public static void write(Path file, float[] values, int... shape) throws IOException {
        checkCount(values.length, shape);
        ByteBuffer body = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            body.putFloat(v);
        }
        write(file, "<f4", shape, body.array());
    }

    /** Writes float64 values of the given shape (C order) to {@code file}, atomically. */
    public static void write(Path file, double[] values, int... shape) throws IOException {
        checkCount(values.length, shape);
        ByteBuffer body = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            body.putDouble(v);
        }
        write(file, "<f8", shape, body.array());
    }

    private static void write(Path file, String descr, int[] shape, byte[] body) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;                 // NumPy aligns the data to 64 bytes
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(padded - unpadded)).append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length);
        AtomicFiles.write(file, out -> {
            out.write(pre.array());
            out.write(h);
            out.write(body);
        });
    }

    private static void checkCount(int n, int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("npy: negative dimension in shape " + shapeText(shape));
            }
            count *= d;
        }
        if (count != n) {
            throw new IllegalArgumentException("npy: " + n + " values do not fill shape " + shapeText(shape));
        }
    }

    private static String field(Pattern p, String header, String name, Path file) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": .npy header has no '" + name + "' (header: " + header.strip() + ")");
        }
        return m.group(1);
    }

    private static int[] shape(String text, Path file) throws IOException {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip().toUpperCase(Locale.ROOT).replace("L", "");
            if (p.isEmpty()) {
                continue;
            }
            try {
                int d = Integer.parseInt(p);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": bad shape (" + text + ") in the .npy header");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** NumPy's way of writing a shape: (2, 3), (5,), (). */
    public static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(')').toString();
    }
}

package dev.s4j.autograd.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Shape;
import dev.s4j.autograd.Storage;
import dev.s4j.autograd.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safetensors file format: an 8-byte little-endian header length, a JSON header
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, …, "__metadata__": {…}}}
 * padded with spaces to a multiple of 8 bytes, then the raw little-endian tensor bytes.
 * PyTorch loads these files with {@code safetensors.torch.load_file}.
 *
 * <p>Real tensors are stored as {@code F32} or {@code F64}; files from elsewhere may also hold
 * {@code BF16} (read as float32) and {@code I64} (read as float64, exactly up to 2^53). The
 * format has no complex type that every reader accepts, so a complex tensor of shape S is stored
 * as its real view of shape
 * (S…, 2), interleaving real and imaginary parts (PyTorch's {@code torch.view_as_real}); the
 * metadata entry {@value #COMPLEX_KEY} lists those names as a JSON array, and {@link #read}
 * turns them back into complex tensors. In PyTorch: {@code torch.view_as_complex(t)}.
 *
 * <p>Writes are atomic ({@link AtomicFiles}). Reads check everything before returning anything:
 * a truncated file, a malformed header, an unsupported dtype, or offsets that do not match the
 * shape fail with an {@link IOException} that names the file and the tensor.
 */
public final class Safetensors {
    /** Metadata key listing the tensors stored as (…, 2) real views of complex tensors. */
    public static final String COMPLEX_KEY = "s4j.complex";
    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;
    private static final Gson GSON = new Gson();

    private Safetensors() {
    }

    /**
     * What a file holds.
     *
     * @param tensors  tensors by name, in file order
     * @param metadata the string-to-string metadata (without {@value #COMPLEX_KEY})
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Writes {@code tensors} (any dtype) and string {@code metadata} to {@code file}, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        List<String> complex = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: '" + METADATA + "' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue();
            int[] shape = t.shape();
            if (t.isComplex()) {
                complex.add(name);
                shape = Arrays.copyOf(shape, shape.length + 1);
                shape[shape.length - 1] = 2;
            }
            long bytes = byteCount(t);
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", t.dtype().isDoublePrecision() ? "F64" : "F32");
            JsonArray dims = new JsonArray();
            for (int d : shape) {
                dims.add(d);
            }
            entry.add("shape", dims);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            entry.add("data_offsets", offsets);
            header.add(name, entry);
            offset += bytes;
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        if (!complex.isEmpty()) {
            meta.put(COMPLEX_KEY, GSON.toJson(complex));
        }
        if (!meta.isEmpty()) {
            JsonObject m = new JsonObject();
            meta.forEach(m::addProperty);
            // the metadata goes first, as the reference writer puts it
            JsonObject ordered = new JsonObject();
            ordered.add(METADATA, m);
            header.entrySet().forEach(en -> ordered.add(en.getKey(), en.getValue()));
            header = ordered;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            for (Tensor t : tensors.values()) {
                writeData(out, t);
            }
        });
    }

    private static long byteCount(Tensor t) {
        return (long) t.numel() * (t.dtype().isDoublePrecision() ? 8 : 4) * (t.isComplex() ? 2 : 1);
    }

    private static void writeData(OutputStream out, Tensor t) throws IOException {
        Storage s = t.storage();
        int n = t.numel();
        boolean wide = t.dtype().isDoublePrecision();
        boolean complex = t.isComplex();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int per = (wide ? 8 : 4) * (complex ? 2 : 1);
        for (int i = 0; i < n; i++) {
            if (buf.remaining() < per) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            if (wide) {
                buf.putDouble(s.re(i));
                if (complex) {
                    buf.putDouble(s.im(i));
                }
            } else {
                buf.putFloat((float) s.re(i));
                if (complex) {
                    buf.putFloat((float) s.im(i));
                }
            }
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** Reads a whole file; see the class comment for what is checked. */
    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        long size = Files.size(file);
        if (size < 8) {
            throw new IOException(file + ": not a safetensors file (" + size + " bytes, shorter than the 8-byte header length)");
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": " + size + " bytes is more than this reader loads (2 GiB)");
        }
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = all.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
            throw new IOException(file + ": not a safetensors file or truncated (header length " + headerLength
                    + " for a file of " + size + " bytes)");
        }
        String json = new String(all.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
        JsonObject header;
        try {
            header = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": the header is not a JSON object (" + e.getMessage() + ")");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Set<String> complex = new LinkedHashSet<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                readMetadata(file, e.getValue(), metadata, complex);
            } else {
                entries.add(entry(file, e.getKey(), e.getValue(), dataLength));
            }
        }
        checkCoverage(file, entries, dataLength);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry en : entries) {
            boolean isComplex = complex.remove(en.name);
            tensors.put(en.name, decode(file, en, all, dataStart, isComplex));
        }
        if (!complex.isEmpty()) {
            throw new IOException(file + ": metadata " + COMPLEX_KEY + " names tensors that are not in the file: " + complex);
        }
        return new Contents(tensors, metadata);
    }

    /** Bytes per element of a stored dtype. */
    private static int width(String stored) {
        return switch (stored) {
            case "F64", "I64" -> 8;
            case "BF16" -> 2;
            default -> 4;
        };
    }

    /** Element {@code at} of a stored dtype as a double (exact; I64 up to 2^53). */
    private static double element(ByteBuffer all, int at, String stored) {
        return switch (stored) {
            case "F64" -> all.getDouble(at);
            case "I64" -> all.getLong(at);
            case "BF16" -> Float.intBitsToFloat((all.getShort(at) & 0xFFFF) << 16);
            default -> all.getFloat(at);
        };
    }

    private record Entry(String name, DType dtype, String stored, int[] shape, long begin, long end) {
    }

    private static void readMetadata(Path file, JsonElement value, Map<String, String> metadata, Set<String> complex)
            throws IOException {
        if (!value.isJsonObject()) {
            throw new IOException(file + ": " + METADATA + " must be an object of strings");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            if (!m.getValue().isJsonPrimitive() || !m.getValue().getAsJsonPrimitive().isString()) {
                throw new IOException(file + ": metadata '" + m.getKey() + "' is not a string");
            }
            String v = m.getValue().getAsString();
            if (m.getKey().equals(COMPLEX_KEY)) {
                try {
                    List<String> names = GSON.fromJson(v, new TypeToken<List<String>>() { }.getType());
                    complex.addAll(names);
                } catch (JsonParseException e) {
                    throw new IOException(file + ": metadata " + COMPLEX_KEY + " is not a JSON array of names: " + v);
                }
            } else {
                metadata.put(m.getKey(), v);
            }
        }
    }

    private static Entry entry(Path file, String name, JsonElement value, long dataLength) throws IOException {
        String where = file + ": tensor '" + name + "'";
        try {
            JsonObject o = value.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            DType d = switch (dtype) {
                case "F32", "BF16" -> DType.FLOAT32;
                case "F64", "I64" -> DType.FLOAT64;
                default -> throw new IOException(where + ": dtype " + dtype + " is not supported (F32, F64, BF16 or I64)");
            };
            JsonArray dims = o.getAsJsonArray("shape");
            int[] shape = new int[dims.size()];
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                long v = dims.get(i).getAsLong();
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new IOException(where + ": bad dimension " + v + " in its shape");
                }
                shape[i] = (int) v;
                numel *= v;
            }
            JsonArray offsets = o.getAsJsonArray("data_offsets");
            if (offsets == null || offsets.size() != 2) {
                throw new IOException(where + ": data_offsets must be [begin, end]");
            }
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            long expected = numel * width(dtype);
            if (begin < 0 || end < begin || end > dataLength) {
                throw new IOException(where + ": data_offsets [" + begin + ", " + end + "] lie outside the " + dataLength
                        + " data bytes (file truncated?)");
            }
            if (end - begin != expected) {
                throw new IOException(where + ": shape " + Shape.format(shape) + " of " + dtype + " needs " + expected
                        + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
            }
            return new Entry(name, d, dtype, shape, begin, end);
        } catch (IllegalStateException | UnsupportedOperationException | NullPointerException | ClassCastException
                 | NumberFormatException e) {
            throw new IOException(where + ": malformed header entry " + value, e);
        }
    }

    /** The tensors' byte ranges must tile the data exactly, as the format requires. */
    private static void checkCoverage(Path file, List<Entry> entries, long dataLength) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin != at) {
                throw new IOException(file + ": tensor '" + e.name + "' starts at byte " + e.begin + " but the previous tensor ends at "
                        + at + " (overlapping or missing data)");
            }
            at = e.end;
        }
        if (at != dataLength) {
            throw new IOException(file + ": the tensors use " + at + " data bytes but the file holds " + dataLength
                    + " (truncated or trailing bytes)");
        }
    }

    private static Tensor decode(Path file, Entry e, ByteBuffer all, int dataStart, boolean complex) throws IOException {
        int[] shape = e.shape;
        if (complex) {
            if (!e.stored.equals("F32") && !e.stored.equals("F64")) {
                throw new IOException(file + ": tensor '" + e.name + "' is listed as complex but stored as " + e.stored);
            }
            if (shape.length == 0 || shape[shape.length - 1] != 2) {
                throw new IOException(file + ": tensor '" + e.name + "' is listed as complex but its shape "
                        + Shape.format(shape) + " does not end in 2");
            }
            shape = Arrays.copyOf(shape, shape.length - 1);
        }
        int numel = Shape.numel(shape);
        DType dtype = complex ? e.dtype.toComplex() : e.dtype;
        Storage s = Storage.allocate(dtype, numel);
        int at = dataStart + (int) e.begin;
        int step = width(e.stored);
        for (int i = 0; i < numel; i++) {
            s.setRe(i, element(all, at, e.stored));
            at += step;
            if (complex) {
                s.setIm(i, element(all, at, e.stored));
                at += step;
            }
        }
        return new Tensor(s, shape);
    }
}

package dev.s4j.interop;

import dev.s4j.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch {@code torch.save} file (the zip format of PyTorch 1.6 and later: a pickle in
 * {@code <name>/data.pkl}, each tensor storage as raw bytes in {@code <name>/data/<key>}) without
 * Python. The pickle is read by {@link SafeUnpickler}: it builds inert Java objects only, never
 * runs anything, and turns classes it does not know into {@link Opaque} placeholders.
 *
 * <p>What comes back is the state dict: the top level itself, or the one a checkpoint dict wraps
 * under {@code model} (the official S4 {@code example.py}) or {@code state_dict} (PyTorch
 * Lightning, whose keys keep their {@code model.} prefix). Tensors of any dtype PyTorch stores
 * for parameters and buffers are read; float32 stays float32, complex64 complex64, everything
 * else (float64, bfloat16, float16, integers, bool) becomes float64 or float32 (see
 * {@link TorchStorage}), with its original dtype in {@link Contents#dtypes()}.
 */
public final class TorchCheckpoint {
    private TorchCheckpoint() {
    }

    /**
     * A checkpoint's state dict.
     *
     * @param tensors tensors by key, in the file's order
     * @param dtypes  PyTorch's name of each tensor's dtype ({@code float32}, {@code int64}, …)
     * @param wrapper where the state dict was: {@code ""} (top level), {@code "model"} or {@code "state_dict"}
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> dtypes, String wrapper) {
    }

    /** Reads {@code file}; anything that is not a readable torch.save file fails naming the file and the problem. */
    public static Contents read(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            String prefix = pickleEntry(zip, file);
            ByteOrder order = byteOrder(zip, prefix);
            Object root;
            try (InputStream in = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
                root = new SafeUnpickler(key -> storageBytes(zip, prefix, key, file)).load(in);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {                // a damaged or foreign pickle, whatever the library throws
                throw new IOException(file + ": not a pickle of a torch.save file this reader knows (" + e + ")", e);
            }
            try {
                return contents(root, order, file);
            } catch (RuntimeException e) {
                throw new IOException(file + ": a state dict this reader cannot make sense of (" + e + ")", e);
            }
        }
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException(file + ": no such file", e);
        } catch (ZipException e) {
            byte[] head = new byte[2];
            try (InputStream in = java.nio.file.Files.newInputStream(file)) {
                int n = in.read(head);
                if (n == 2 && (head[0] & 0xFF) == 0x80) {
                    throw new IOException(file + ": a torch.save file in the legacy (pre-1.6) format; load it in PyTorch and "
                            + "save it again with a current version", e);
                }
            }
            throw new IOException(file + ": not a torch.save file (not a zip archive)", e);
        }
    }

    /** The folder name inside the archive, with its slash: where {@code data.pkl} is. */
    private static String pickleEntry(ZipFile zip, Path file) throws IOException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
        }
        throw new IOException(file + ": a zip archive without <name>/data.pkl: not a torch.save file");
    }

    private static ByteOrder byteOrder(ZipFile zip, String prefix) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return ByteOrder.LITTLE_ENDIAN;                       // files written before the entry existed are little-endian
        }
        try (InputStream in = zip.getInputStream(e)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().equals("big")
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }
    }

    private static byte[] storageBytes(ZipFile zip, String prefix, String key, Path file) {
        ZipEntry e = zip.getEntry(prefix + "data/" + key);
        if (e == null) {
            throw new IllegalArgumentException("storage " + key + " is missing from the archive");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new IllegalArgumentException("storage " + key + " cannot be read: " + ex.getMessage(), ex);
        }
    }

    private static Contents contents(Object root, ByteOrder order, Path file) throws IOException {
        if (root instanceof Opaque o) {
            throw new IOException(file + ": holds a pickled object of class " + o.className() + ", not a state dict; in PyTorch, "
                    + "save model.state_dict() instead of the model");
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new IOException(file + ": holds a " + describe(root) + ", not a state dict");
        }
        String wrapper = "";
        Map<?, ?> dict = top;
        if (!hasTensors(top)) {
            for (String key : List.of("model", "state_dict")) {
                if (top.get(key) instanceof Map<?, ?> inner && hasTensors(inner)) {
                    wrapper = key;
                    dict = inner;
                    break;
                }
            }
            if (wrapper.isEmpty()) {
                throw new IOException(file + ": a dict without tensors, and without a 'model' or 'state_dict' entry holding them "
                        + "(keys: " + top.keySet() + ")");
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> dtypes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof TorchTensor t)) {
                throw new IOException(file + ": entry '" + key + "' of the state dict is a " + describe(e.getValue())
                        + ", not a tensor");
            }
            try {
                tensors.put(key, t.toTensor(order));
            } catch (IllegalArgumentException ex) {
                throw new IOException(file + ": tensor '" + key + "': " + ex.getMessage(), ex);
            }
            dtypes.put(key, t.storage().dtype().torchName());
        }
        return new Contents(tensors, dtypes, wrapper);
    }

    private static boolean hasTensors(Map<?, ?> m) {
        return m.values().stream().anyMatch(v -> v instanceof TorchTensor);
    }

    private static String describe(Object o) {
        if (o instanceof Opaque p) {
            return "pickled object of class " + p.className();
        }
        return o == null ? "None" : o.getClass().getSimpleName();
    }
}

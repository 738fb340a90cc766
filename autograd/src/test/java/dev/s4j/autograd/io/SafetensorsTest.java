package dev.s4j.autograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors round trips, the on-disk layout the format specifies, and refusal of bad files. */
class SafetensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Generator g = new Generator(5);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.randn(g, DType.FLOAT32, 3, 4));
        m.put("d", Tensor.randn(g, DType.FLOAT64, 5));
        m.put("lambda", Tensor.randn(g, DType.COMPLEX64, 2, 3));
        m.put("c128", Tensor.randn(g, DType.COMPLEX128, 4));
        m.put("scalar", Tensor.of(new double[] {2.5}));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        return m;
    }

    @Test
    void roundTripKeepsNamesOrderShapesDtypesAndBits() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Map<String, Tensor> in = sample();
        Safetensors.write(f, in, Map.of("config", "{\"a\":1}"));
        Safetensors.Contents out = Safetensors.read(f);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.tensors().keySet()));
        assertEquals(Map.of("config", "{\"a\":1}"), out.metadata());
        for (String k : in.keySet()) {
            Tensor a = in.get(k);
            Tensor b = out.tensors().get(k);
            assertEquals(a.dtype(), b.dtype(), k);
            assertArrayEquals(a.shape(), b.shape(), k);
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), k);
            assertArrayEquals(a.imagToDoubleArray(), b.imagToDoubleArray(), k);
        }
    }

    @Test
    void layoutFollowsTheFormat() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Tensor z = Tensor.complex(new float[] {1, 2}, new float[] {3, 4}, 2);
        Safetensors.write(f, Map.of("z", z), Map.of());
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject entry = header.getAsJsonObject("z");
        assertEquals("F32", entry.get("dtype").getAsString());
        assertEquals("[2,2]", entry.get("shape").toString());
        assertEquals("[0,16]", entry.get("data_offsets").toString());
        assertEquals("[\"z\"]", header.getAsJsonObject("__metadata__").get(Safetensors.COMPLEX_KEY).getAsString());
        // interleaved (re, im) pairs as torch.view_as_real lays them out
        int at = 8 + (int) n;
        float[] data = new float[4];
        for (int i = 0; i < 4; i++) {
            data[i] = b.getFloat(at + 4 * i);
        }
        assertArrayEquals(new float[] {1, 3, 2, 4}, data);
        assertEquals(at + 16, bytes.length);
    }

    @Test
    void readsAFileWrittenByAnotherWriter() throws IOException {
        // a file as the reference implementation writes it: no metadata, F64 and F32 tensors
        String json = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
        ByteBuffer data = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5).putDouble(-2).putFloat(7);
        Path f = write(json, data.array());
        Safetensors.Contents c = Safetensors.read(f);
        assertArrayEquals(new double[] {1.5, -2}, c.tensors().get("a").toDoubleArray());
        assertEquals(DType.FLOAT64, c.tensors().get("a").dtype());
        assertArrayEquals(new float[] {7}, c.tensors().get("b").toFloatArray());
    }

    private Path write(String json, byte[] data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = dir.resolve("x.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private String failure(String json, byte[] data) throws IOException {
        Path f = write(json, data);
        return assertThrows(IOException.class, () -> Safetensors.read(f)).getMessage();
    }

    @Test
    void refusesBadFilesNamingTheProblem() throws IOException {
        String ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        assertTrue(failure(ok, new byte[12]).contains("tensor 'w'"), "truncated data");
        String m = failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,16]}}", new byte[16]);
        assertTrue(m.contains("tensor 'w'") && m.contains("(3, 2)") && m.contains("24"), m);
        m = failure("{\"w\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        assertTrue(m.contains("tensor 'w'") && m.contains("U8"), m);
        m = failure("{\"w\": [1, 2", new byte[0]);
        assertTrue(m.contains("not a JSON object"), m);
        m = failure(ok, new byte[20]);
        assertTrue(m.contains("trailing"), m);
        m = failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertTrue(m.contains("overlapping"), m);

        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(tiny)).getMessage().contains("tiny"));
        Path huge = dir.resolve("huge");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(huge)).getMessage().contains("header length 1000"));
    }

    @Test
    void aComplexEntryMustEndInTwo() throws IOException {
        String json = "{\"__metadata__\":{\"s4j.complex\":\"[\\\"z\\\"]\"},\"z\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}";
        String m = failure(json, new byte[12]);
        assertTrue(m.contains("tensor 'z'") && m.contains("does not end in 2"), m);
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("keep.safetensors");
        Safetensors.write(f, Map.of("a", Tensor.ones(DType.FLOAT32, 2)), Map.of());
        byte[] before = Files.readAllBytes(f);
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
        assertTrue(Arrays.equals(before, Files.readAllBytes(f)));
    }

    /** Files from elsewhere: bfloat16 reads as float32 and int64 as float64, exactly. */
    @org.junit.jupiter.api.Test
    void bfloat16AndInt64FromOtherWritersReadExactly() throws IOException {
        String header = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[6,14]}}";
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 + header.length() + 14).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (float v : new float[] {1.5f, -2.25f, 384f}) {
            buf.putShort((short) (Float.floatToIntBits(v) >>> 16));        // these three are exact in bfloat16
        }
        buf.putLong(1L << 52);
        Path file = Files.createTempFile("foreign", ".safetensors");
        try {
            Files.write(file, buf.array());
            Safetensors.Contents c = Safetensors.read(file);
            assertEquals(DType.FLOAT32, c.tensors().get("b").dtype());
            assertArrayEquals(new double[] {1.5, -2.25, 384}, c.tensors().get("b").toDoubleArray());
            assertEquals(DType.FLOAT64, c.tensors().get("n").dtype());
            assertArrayEquals(new double[] {Math.pow(2, 52)}, c.tensors().get("n").toDoubleArray());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

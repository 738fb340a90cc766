package dev.s4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Npy;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.ssm.serve.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s4j predict} on a small trained run: both views, lengths, older checkpoints, bad input. */
class PredictCommandTest {
    @TempDir
    static Path dir;
    static Path run;
    static Path x;
    static float[] values;

    @BeforeAll
    static void trainASmallRun() throws IOException {
        run = dir.resolve("run");
        CommandLineTest.Run r = CommandLineTest.run("train", "--task", "delay", "--length", "32", "--train-size", "64", "--layers",
                "1", "--d-model", "8", "--d-state", "8", "--batch", "16", "--threads", "1", "--epochs", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        Random rng = new Random(1);
        values = new float[3 * 32];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextGaussian();
        }
        x = dir.resolve("x.npy");
        Npy.write(x, values, 3, 32, 1);
    }

    private static double[] predict(String... more) throws IOException {
        Path y = dir.resolve("y.npy");
        Files.deleteIfExists(y);
        String[] args = new String[4 + more.length + 1];
        args[0] = "predict";
        args[1] = run.toString();
        args[2] = "--input";
        args[3] = x.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        args[args.length - 1] = "--output=" + y;
        CommandLineTest.Run r = CommandLineTest.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("y.npy: float32 (3, 32, 1) from 3 sequences"), r.out());
        return Npy.read(y).values();
    }

    @Test
    void writesWhatThePredictorReturnsInEitherView() throws IOException {
        Predictor p = Predictor.load(run);
        double[] expected = p.predict(Tensor.of(values, 3, 32, 1)).toDoubleArray();
        assertArrayEquals(expected, predict(), 1e-6);
        double[] streamed = predict("--stream");
        assertArrayEquals(expected, streamed, 1e-4);
        double[] padded = predict("--lengths", lengths(new long[] {32, 5, 17}).toString());
        double[] alone = p.predict(Tensor.of(java.util.Arrays.copyOfRange(values, 32, 37), 1, 5, 1)).toDoubleArray();
        assertArrayEquals(alone, java.util.Arrays.copyOfRange(padded, 32, 37), 1e-5);
        assertEquals(0.0, Math.abs(padded[32 + 5]), "outputs at padding are 0");
    }

    @Test
    void rowsWithNonFiniteOutputsAreNamed() throws IOException {
        float[] poisoned = values.clone();
        poisoned[32 + 4] = Float.NaN;                             // row 1
        Path bad = dir.resolve("nan.npy");
        Npy.write(bad, poisoned, 3, 32, 1);
        Path y = dir.resolve("nan-y.npy");
        CommandLineTest.Run r = CommandLineTest.run("predict", run.toString(), "--input", bad.toString(), "--output", y.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("1 of 3 rows have non-finite outputs") && r.err().contains("rows [1]"), r.err());
        double[] out = Npy.read(y).values();
        assertTrue(Double.isFinite(out[0]) && Double.isFinite(out[2 * 32]), "the other rows are finite");
    }

    @Test
    void checkpointsWithoutASpecAreRebuiltFromTheirConfig() throws IOException {
        Path old = dir.resolve("old.safetensors");
        Safetensors.Contents c = Safetensors.read(run.resolve("checkpoint.safetensors"));
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.remove(Predictor.SPEC_KEY);
        Safetensors.write(old, c.tensors(), meta);
        Path y = dir.resolve("old-y.npy");
        CommandLineTest.Run r = CommandLineTest.run("predict", old.toString(), "--input", x.toString(), "--output", y.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Predictor.load(run).predict(Tensor.of(values, 3, 32, 1)).toDoubleArray(), Npy.read(y).values(), 1e-6);
    }

    private static Path lengths(long[] v) throws IOException {
        Path f = dir.resolve("lengths-" + v.length + "-" + v[1] + ".npy");
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        Npy.write(f, d, v.length);               // float64: refused as lengths
        byte[] bytes = Files.readAllBytes(f);
        String header = new String(bytes, 0, 128, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'<f8'", "'<i8'");
        System.arraycopy(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, 0, 128);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            b.putLong(128 + 8 * i, v[i]);
        }
        Files.write(f, bytes);
        return f;
    }

    @Test
    void badInputIsNamed() throws IOException {
        Path y = dir.resolve("bad-y.npy");
        Path wide = dir.resolve("wide.npy");
        Npy.write(wide, new float[12], 2, 3, 2);
        CommandLineTest.Run r = CommandLineTest.run("predict", run.toString(), "--input", wide.toString(), "--output", y.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("wide.npy: float32 (2, 3, 2); the model takes float32 or float64 (B, L, 1) or (L, 1)"), r.err());
        r = CommandLineTest.run("predict", run.toString(), "--input", dir.resolve("none.npy").toString(), "--output", y.toString());
        assertTrue(r.err().contains("none.npy: no such file"), r.err());
        r = CommandLineTest.run("predict", run.toString(), "--input", x.toString(), "--output", y.toString(), "--lengths",
                lengths(new long[] {32, 33, 1}).toString());
        assertTrue(r.err().contains("row 1 has length 33; each must be in [1, 32]"), r.err());
        r = CommandLineTest.run("predict", run.toString(), "--input", x.toString(), "--output", y.toString(), "--lengths",
                lengths(new long[] {32, 0}).toString());
        assertTrue(r.err().contains("expected an integer array of shape (3,)"), r.err());
        r = CommandLineTest.run("predict", run.toString(), "--input", x.toString(), "--output", dir.resolve("no/such/y.npy").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertFalse(Files.exists(dir.resolve("no")), "no directory is created for a mistyped output path");
        r = CommandLineTest.run("predict", dir.toString(), "--input", x.toString(), "--output", y.toString());
        assertTrue(r.err().contains("no checkpoint.safetensors"), r.err());
        r = CommandLineTest.run("predict", run.toString(), "--input", x.toString(), "--output", y.toString(), "--batch", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--batch must be at least 1"), r.err());
        r = CommandLineTest.run("predict", run.toString(), "--input", x.toString(), "--output", dir.toString());
        assertTrue(r.err().contains("is a directory"), r.err());
        assertFalse(Files.exists(y), "nothing is written when the input is refused");
    }
}

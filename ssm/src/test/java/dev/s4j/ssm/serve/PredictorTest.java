package dev.s4j.ssm.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.Safetensors;
import dev.s4j.ssm.kernel.DenseSpec;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Norm;
import dev.s4j.ssm.model.Pooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The serving API: streams equal batches, states travel, rows stay independent, bad input is named. */
class PredictorTest {
    private static final int L = 60;

    @TempDir
    Path dir;

    static Stream<Arguments> models() {
        BackboneSpec base = BackboneSpec.of(2, 3).withWidth(8).withLayers(2);
        return Stream.of(
                Arguments.of("S4, no pooling", base.withBlock(BlockSpec.of(NplrSpec.of(16))).withPooling(Pooling.NONE)),
                Arguments.of("S4D, mean pooling", base.withBlock(BlockSpec.of(DiagonalSpec.of(16)))),
                Arguments.of("LSSL, last position, post-norm batch norm", base.withBlock(BlockSpec.of(DenseSpec.of(8)))
                        .withPooling(Pooling.LAST).withNorm(Norm.BATCH).withPrenorm(false)),
                Arguments.of("S4, float64, no pooling", base.withBlock(BlockSpec.of(NplrSpec.of(16).withDtype(DType.FLOAT64)))
                        .withPooling(Pooling.NONE)));
    }

    private static float[][] sequence(long seed, int length, int width) {
        Random r = new Random(seed);
        float[][] x = new float[length][width];
        for (float[] row : x) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    /** The model's outputs at every prefix length 1 … L of x (L, d_out), by the convolutional view. */
    private static float[][] prefixOutputs(Predictor p, float[][] x) {
        if (!p.isPooled()) {
            return p.predictPositions(x);
        }
        float[][][] prefixes = new float[x.length][][];
        for (int t = 0; t < x.length; t++) {
            prefixes[t] = java.util.Arrays.copyOf(x, t + 1);
        }
        return p.predict(prefixes);
    }

    private static void close(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1e-6;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * scale, what + " [" + i + "]: " + expected[i] + " vs " + actual[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void streamingEqualsTheConvolutionWithPrefillAndAfterTheStateMoves(String name, BackboneSpec spec) throws IOException {
        Backbone trained = new Backbone(spec, new Generator(1));
        trained.train();
        trained.forward(Tensor.randn(new Generator(9), spec.block().kernel().dtype(), 4, 30, 2));   // batch-norm statistics
        Predictor p = Predictor.of(trained);
        assertTrue(trained.isTraining(), "a predictor leaves the model it copies alone");
        float[][] x = sequence(2, L, 2);
        float[][] expected = prefixOutputs(p, x);
        double tol = spec.block().kernel().dtype() == DType.FLOAT64 ? 1e-9 : 2e-5;

        try (StreamSession s = p.newSession()) {
            for (int t = 0; t < L; t++) {
                close(expected[t], s.step(x[t]), tol, name + ", step " + t);
            }
            assertEquals(L, s.position());
        }
        Path file = dir.resolve("model.safetensors");
        p.save(file);
        try (StreamSession s = p.newSession()) {
            close(expected[24], s.prefill(java.util.Arrays.copyOf(x, 25)), tol, name + ", prefill of 25");
            close(expected[25], s.step(x[25]), tol, name + ", step after prefill");
            close(expected[39], s.prefill(java.util.Arrays.copyOfRange(x, 26, 40)), tol, name + ", prefill from a state");
            byte[] saved = s.state();
            Predictor elsewhere = Predictor.load(file);                 // as another JVM would
            assertEquals(p.fingerprint(), elsewhere.fingerprint());
            try (StreamSession moved = elsewhere.restore(saved)) {
                assertEquals(40, moved.position());
                for (int t = 40; t < L; t++) {
                    close(expected[t], moved.step(x[t]), tol, name + ", step " + t + " after restore");
                }
            }
            s.reset();
            close(expected[0], s.step(x[0]), tol, name + ", after reset");
        }
    }

    @Test
    void sessionsOnManyThreadsGiveTheSingleThreadedOutputs() throws Exception {
        Predictor p = Predictor.of(new Backbone(BackboneSpec.of(2, 3).withWidth(8).withLayers(2)
                .withBlock(BlockSpec.of(NplrSpec.of(16))).withPooling(Pooling.NONE), new Generator(3)));
        int threads = 8;
        int sessions = 50;
        int steps = 20;
        float[][][] inputs = new float[threads * sessions][][];
        float[][][] expected = new float[inputs.length][steps][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = sequence(100 + i, steps, 2);
            try (StreamSession s = p.newSession()) {
                for (int t = 0; t < steps; t++) {
                    expected[i][t] = s.step(inputs[i][t]);
                }
            }
        }
        float[][][] actual = new float[inputs.length][steps][];
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int th = 0; th < threads; th++) {
                int first = th * sessions;
                futures.add(pool.submit(() -> {
                    StreamSession[] mine = new StreamSession[sessions];
                    for (int k = 0; k < sessions; k++) {
                        mine[k] = p.newSession();
                    }
                    for (int t = 0; t < steps; t++) {                       // interleaved: every session one step at a time
                        for (int k = 0; k < sessions; k++) {
                            actual[first + k][t] = mine[k].step(inputs[first + k][t]);
                        }
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < inputs.length; i++) {
            for (int t = 0; t < steps; t++) {
                assertArrayEquals(expected[i][t], actual[i][t], "session " + i + ", step " + t);
            }
        }
    }

    @Test
    void batchesOfManyLengthsOnManyThreadsAgreeWithOneRowAtATime() throws Exception {
        Predictor p = Predictor.of(new Backbone(BackboneSpec.of(2, 3).withWidth(8).withLayers(2)
                .withBlock(BlockSpec.of(NplrSpec.of(16))), new Generator(4)));
        float[][][] rows = new float[12][][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = sequence(i, 40 + 230 * i, 2);                       // up to 2,570: S4's C̃ doubles on the way
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        float[][] batch;
        var singles = new java.util.ArrayList<java.util.concurrent.Future<float[]>>();
        try {
            for (float[][] r : rows) {
                singles.add(pool.submit(() -> p.predict(r)));
            }
            batch = p.predict(rows);
            for (int i = 0; i < rows.length; i++) {
                close(singles.get(i).get(), batch[i], 2e-5, "row " + i);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aNonFiniteRowChangesNoOtherRow() {
        Predictor p = Predictor.of(new Backbone(BackboneSpec.of(2, 3).withWidth(8).withLayers(2)
                .withBlock(BlockSpec.of(DiagonalSpec.of(16))).withPooling(Pooling.LAST), new Generator(5)));
        float[][][] rows = {sequence(1, 30, 2), sequence(2, 30, 2), sequence(3, 12, 2)};
        float[][] clean = p.predict(rows);
        rows[0][7][1] = Float.NaN;
        float[][] poisoned = p.predict(rows);
        assertTrue(Float.isNaN(poisoned[0][0]));
        close(clean[1], poisoned[1], 1e-6, "row 1");
        close(clean[2], poisoned[2], 1e-6, "row 2");
    }

    @Test
    void misuseIsNamed() throws Exception {
        Predictor p = Predictor.of(new Backbone(BackboneSpec.of(2, 3).withWidth(8).withLayers(1)
                .withBlock(BlockSpec.of(DiagonalSpec.of(16))), new Generator(6)));
        StreamSession s = p.newSession();
        String width = assertThrows(IllegalArgumentException.class, () -> s.step(new float[3])).getMessage();
        assertTrue(width.contains("3 values") && width.contains("takes 2"), width);
        String narrow = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[5][1])).getMessage();
        assertTrue(narrow.contains("position 0 has 1 values; the model takes 2"), narrow);
        String ragged = assertThrows(IllegalArgumentException.class,
                () -> p.predict(new float[][][] {sequence(1, 5, 2), new float[0][]})).getMessage();
        assertTrue(ragged.contains("sequence 1 is empty"), ragged);
        String lengths = assertThrows(IllegalArgumentException.class,
                () -> p.predict(Tensor.randn(new Generator(1), 2, 5, 2), new int[] {5, 9})).getMessage();
        assertTrue(lengths.contains("row 1 has length 9"), lengths);
        String pooled = assertThrows(IllegalStateException.class, () -> p.predictPositions(sequence(1, 5, 2))).getMessage();
        assertTrue(pooled.contains("use predict"), pooled);

        // a second thread inside the same session is refused, and the state is not touched
        StreamSession twin = p.newSession();
        float[] first = twin.step(new float[] {1, 2});
        float[] second = twin.step(new float[] {3, 4});
        s.reset();
        assertArrayEquals(first, s.step(new float[] {1, 2}));
        Thread holder = new Thread(s::enter, "holder");
        holder.start();
        holder.join();                                               // "holder" is now inside the session
        String busy = assertThrows(IllegalStateException.class, () -> s.step(new float[] {3, 4})).getMessage();
        assertTrue(busy.contains("in use by thread 'holder'") && busy.contains("one thread at a time"), busy);
        s.exit();
        assertArrayEquals(second, s.step(new float[] {3, 4}), "the refused call left the state as it was");
        s.close();
        String closed = assertThrows(IllegalStateException.class, () -> s.step(new float[] {1, 2})).getMessage();
        assertTrue(closed.contains("after close"), closed);

        Predictor other = Predictor.of(new Backbone(p.spec(), new Generator(7)));
        byte[] state = p.newSession().state();
        String foreign = assertThrows(IllegalArgumentException.class, () -> other.restore(state)).getMessage();
        assertTrue(foreign.contains("different model"), foreign);
        byte[] tampered = state.clone();
        java.nio.ByteBuffer.wrap(tampered).putInt(36, 0x7ffffff0);      // the first layer's value count
        String forged = assertThrows(IllegalArgumentException.class, () -> p.restore(tampered)).getMessage();
        assertTrue(forged.contains("layer 0 holds 2147483632 values"), forged);
        String cut = assertThrows(IllegalArgumentException.class,
                () -> p.restore(java.util.Arrays.copyOf(state, state.length - 3))).getMessage();
        assertTrue(cut.contains("truncated or corrupt"), cut);
    }

    @Test
    void filesWithoutASpecOrTensorsAreNamed() throws IOException {
        String empty = assertThrows(IOException.class, () -> Predictor.load(dir)).getMessage();
        assertTrue(empty.contains("no checkpoint.safetensors"), empty);
        Path bare = dir.resolve("bare.safetensors");
        Safetensors.write(bare, Map.of("model.x", Tensor.zeros(2)), Map.of());
        String noSpec = assertThrows(IOException.class, () -> Predictor.load(bare)).getMessage();
        assertTrue(noSpec.contains("no model spec"), noSpec);
        BackboneSpec spec = BackboneSpec.of(2, 3).withWidth(8).withLayers(1).withBlock(BlockSpec.of(DiagonalSpec.of(16)));
        Path wrong = dir.resolve("wrong.safetensors");
        Safetensors.write(wrong, Map.of("model.x", Tensor.zeros(2)), Map.of(Predictor.SPEC_KEY, SpecJson.toJson(spec)));
        String misfit = assertThrows(IOException.class, () -> Predictor.load(wrong)).getMessage();
        assertTrue(misfit.contains("does not fit") && misfit.contains("missing tensor"), misfit);
        assertEquals(spec, SpecJson.fromJson(SpecJson.toJson(spec)));
        assertTrue(Files.exists(wrong));
    }

    @Test
    void aBidirectionalModelPredictsButDoesNotStream() {
        BackboneSpec spec = BackboneSpec.of(2, 3).withWidth(8).withLayers(1).withBlock(BlockSpec.of(DiagonalSpec.of(8)).withBidirectional(true));
        Predictor p = Predictor.of(new Backbone(spec, new Generator(2)));
        assertEquals(3, p.predict(sequence(1, 20, 2)).length);
        String m = assertThrows(IllegalStateException.class, p::newSession).getMessage();
        assertTrue(m.contains("bidirectional") && m.contains("use predict"), m);
    }
}

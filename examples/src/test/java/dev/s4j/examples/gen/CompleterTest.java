package dev.s4j.examples.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.DType;
import dev.s4j.autograd.Generator;
import dev.s4j.autograd.Tensor;
import dev.s4j.examples.data.Objective;
import dev.s4j.examples.data.PixelTokens;
import dev.s4j.examples.data.Targets;
import dev.s4j.ssm.kernel.DiagonalSpec;
import dev.s4j.ssm.kernel.KernelSpec;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import dev.s4j.ssm.model.Pooling;
import dev.s4j.ssm.serve.Predictor;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The recurrent view generates what recomputing the convolution generates, and scores what the forward pass scores. */
class CompleterTest {

    private static Backbone model(String kernel, DType dtype) {
        KernelSpec k = kernel.equals("s4") ? NplrSpec.of(8).withDtype(dtype) : DiagonalSpec.of(8).withDtype(dtype);
        return new Backbone(BackboneSpec.of(PixelTokens.FEATURES, PixelTokens.LEVELS).withWidth(8).withLayers(2)
                .withBlock(BlockSpec.of(k)).withPooling(Pooling.NONE), new Generator(kernel.hashCode()));
    }

    private static int[] image(long seed) {
        int[] p = new int[784];
        Generator g = new Generator(seed);
        for (int t = 0; t < p.length; t++) {
            p[t] = g.nextDouble() < 0.8 ? 0 : g.nextInt(256);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"s4", "s4d"})
    void greedyDecodingIsTheSameBothWays(String kernel) {
        Completer c = new Completer(Predictor.of(model(kernel, DType.FLOAT64)));
        int[] pixels = image(1);
        for (int prefix : new int[] {0, 300}) {
            int[] recurrent = c.complete(pixels, prefix, prefix + 64, Sampler::greedy, t -> { });
            int[] recomputed = c.completeByRecomputing(pixels, prefix, prefix + 64, Sampler::greedy);
            assertArrayEquals(recomputed, recurrent, kernel + ", prefix " + prefix);
            assertArrayEquals(Arrays.copyOf(pixels, prefix), Arrays.copyOf(recurrent, prefix), "the prefix is kept");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s4", "s4d"})
    void samplingIsReproducibleForASeed(String kernel) {
        Completer c = new Completer(Predictor.of(model(kernel, DType.FLOAT32)));
        Sampler s = new Sampler(1.0, 0.9);
        int[] pixels = image(2);
        int[] a = c.complete(pixels, 100, 784, z -> s.sample(z, new Generator(7)), t -> { });
        int[] b = c.complete(pixels, 100, 784, z -> s.sample(z, new Generator(7)), t -> { });
        assertArrayEquals(a, b);
        Generator g1 = new Generator(7);
        Generator g2 = new Generator(8);
        assertFalse(Arrays.equals(c.complete(pixels, 100, 784, z -> s.sample(z, g1), t -> { }),
                c.complete(pixels, 100, 784, z -> s.sample(z, g2), t -> { })), "another seed, other samples");
        Generator g3 = new Generator(7);
        Generator g4 = new Generator(7);
        assertArrayEquals(c.complete(pixels, 100, 200, z -> s.sample(z, g3), t -> { }),
                c.completeByRecomputing(pixels, 100, 200, z -> s.sample(z, g4)), "the same draws both ways");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s4", "s4d"})
    void bitsPerPixelAreTheSameFromTheForwardPassAndStepByStep(String kernel) {
        Backbone m = model(kernel, DType.FLOAT64);
        int[] pixels = image(3);
        float[] x = new float[784 * PixelTokens.FEATURES];
        for (int t = 0; t < 784; t++) {
            System.arraycopy(PixelTokens.input(t == 0 ? -1 : pixels[t - 1]), 0, x, t * PixelTokens.FEATURES, PixelTokens.FEATURES);
        }
        m.eval();
        Objective o = new Objective.Generative(PixelTokens.LEVELS, "pixel");
        double forward = o.bitsPerValue(o.loss(m.forward(Tensor.of(x, 1, 784, PixelTokens.FEATURES).to(DType.FLOAT64)),
                new Targets.Classes(pixels)).item());
        double stepwise = new Completer(Predictor.of(m)).bitsPerPixel(pixels);
        assertEquals(forward, stepwise, 1e-9, kernel);
        assertTrue(forward > 7.5 && forward < 8.5, "an untrained model is near 8 bits per pixel: " + forward);
    }

    @org.junit.jupiter.api.Test
    void aClassifierIsNotAGenerator() {
        Backbone classifier = new Backbone(BackboneSpec.of(1, 10).withWidth(8).withLayers(1)
                .withBlock(BlockSpec.of(DiagonalSpec.of(8))), new Generator(0));
        String m = assertThrows(IllegalArgumentException.class, () -> new Completer(Predictor.of(classifier))).getMessage();
        assertTrue(m.contains("not a pixel generator") && m.contains("10 outputs with mean pooling") && m.contains("mnist-gen"), m);
    }

    @org.junit.jupiter.api.Test
    void nucleusSamplingKeepsOnlyTheLikeliestLevels() {
        float[] z = new float[256];
        z[3] = 10;
        z[5] = 9;                                                         // p(3) ≈ 0.73, p(5) ≈ 0.27, the rest ≈ 1e-4 in all
        Sampler s = new Sampler(1, 0.5);
        Generator g = new Generator(1);
        for (int i = 0; i < 200; i++) {
            assertEquals(3, s.sample(z, g));
        }
        Sampler wide = new Sampler(1, 0.99);
        int fives = 0;
        for (int i = 0; i < 2000; i++) {
            int v = wide.sample(z, g);
            assertTrue(v == 3 || v == 5, "level " + v);
            fives += v == 5 ? 1 : 0;
        }
        assertEquals(0.27, fives / 2000.0, 0.04);
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, 1.5));
    }
}

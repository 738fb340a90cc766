package dev.s4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Tensor;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bundled MNIST sample and its pixel-sequence views. */
class DigitsTest {

    @Test
    void bundledSampleSplits8000To1000To1000WithEveryClassInEach() throws IOException {
        Digits.Splits s = Digits.bundledMnist();
        assertEquals(8000, s.train().size());
        assertEquals(1000, s.validation().size());
        assertEquals(1000, s.test().size());
        for (Digits d : new Digits[] {s.train(), s.validation(), s.test()}) {
            int[] perClass = new int[10];
            for (int i = 0; i < d.size(); i++) {
                perClass[d.label(i)]++;
            }
            for (int c = 0; c < 10; c++) {
                assertTrue(perClass[c] > d.size() / 20, "class " + c + " has " + perClass[c] + " of " + d.size());
            }
        }
        // no image appears in two splits
        Set<String> train = new HashSet<>();
        for (int i = 0; i < s.train().size(); i++) {
            train.add(key(s.train(), i));
        }
        for (int i = 0; i < s.test().size(); i++) {
            assertTrue(!train.contains(key(s.test(), i)), "test image " + i + " is also a training image");
        }
        // the split is fixed
        Digits.Splits again = Digits.bundledMnist();
        assertArrayEquals(s.test().images().pixels(), again.test().images().pixels());
    }

    private static String key(Digits d, int i) {
        return java.util.Arrays.toString(java.util.Arrays.copyOfRange(d.images().pixels(), i * 784, (i + 1) * 784));
    }

    @Test
    void pixelSequencesAreRasterOrPermutedScaledPixels() throws IOException {
        Digits d = Digits.bundledMnist().test();
        Batch raster = new PixelSequences(d, null).batch(new int[] {5, 2});
        assertArrayEquals(new int[] {2, 784, 1}, raster.inputs().shape());
        Tensor x = raster.inputs();
        for (int t = 0; t < 784; t += 97) {
            assertEquals((d.images().pixels()[5 * 784 + t] & 0xff) / 255f, x.get(0, t, 0), 0);
        }
        assertArrayEquals(new int[] {d.label(5), d.label(2)}, ((Targets.Classes) raster.targets()).labels());
        int[] perm = new dev.s4j.autograd.Generator(3).permutation(784);
        Tensor p = new PixelSequences(d, perm).batch(new int[] {5}).inputs();
        for (int t = 0; t < 784; t++) {
            assertEquals(x.get(0, perm[t], 0), p.get(0, t, 0), 0);
        }
    }
}

package dev.s4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The seeded generator: reproducible, in range, and with the right moments. */
class GeneratorTest {

    @Test
    void sameSeedSameStream() {
        Generator a = new Generator(123);
        Generator b = new Generator(123);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertNotEquals(new Generator(1).nextLong(), new Generator(2).nextLong());
        Generator parent = new Generator(5);
        assertEquals(new Generator(5).split().nextLong(), parent.split().nextLong());
    }

    @Test
    void uniformIntegersAreInRangeAndBalanced() {
        Generator g = new Generator(7);
        int[] counts = new int[10];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts[g.nextInt(10)]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += Math.pow(c - n / 10.0, 2) / (n / 10.0);
        }
        assertTrue(chi2 < 30, "chi² " + chi2);   // 9 degrees of freedom: p < 0.001 beyond 27.9
        assertThrows(IllegalArgumentException.class, () -> g.nextInt(0));
    }

    @Test
    void normalsHaveUnitVariance() {
        Generator g = new Generator(11);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double x = g.nextGaussian();
            sum += x;
            sq += x * x;
        }
        assertEquals(0, sum / n, 0.01);
        assertEquals(1, sq / n, 0.01);
    }

    @Test
    void permutationsArePermutations() {
        int[] p = new Generator(3).permutation(1000);
        int[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        int[] identity = new int[1000];
        for (int i = 0; i < 1000; i++) {
            identity[i] = i;
        }
        assertArrayEquals(identity, sorted);
        assertNotEquals(java.util.Arrays.toString(identity), java.util.Arrays.toString(p));
    }
}

package dev.s4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.s4j.autograd.Tensor;
import dev.s4j.ssm.model.Pooling;
import org.junit.jupiter.api.Test;

/** Losses and scores of the two objectives. */
class ObjectiveTest {

    @Test
    void tailClassificationScoresOnlyTheLastPositions() {
        // (B = 1, L = 3, C = 2): position 0 is ignored, positions 1 and 2 are scored
        Tensor out = Tensor.of(new float[] {9, -9, 0, 1, 2, 0}, 1, 3, 2);
        Objective.Classification c = new Objective.Classification(2, 2);
        assertEquals(Pooling.NONE, c.pooling());
        assertArrayEquals(new long[] {2, 1}, c.countCorrect(out, new Targets.Classes(new int[] {1, 1})));
        double expected = (Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.exp(2))) / 2;
        assertEquals(expected, c.loss(out, new Targets.Classes(new int[] {1, 1})).item(), 1e-6);
        assertEquals(Pooling.MEAN, Objective.Classification.perSequence(10).pooling());
    }

    @Test
    void regressionIsMeanSquaredErrorAndChecksShapes() {
        Objective.Regression r = new Objective.Regression(1, false);
        assertEquals(Pooling.LAST, r.pooling());
        Tensor out = Tensor.of(new float[] {1, 3}, 2, 1);
        assertEquals(2.5, r.loss(out, new Targets.Values(Tensor.of(new float[] {0, 1}, 2, 1))).item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> r.loss(out, new Targets.Values(Tensor.of(new float[] {0, 1}, 1, 2))));
        assertThrows(IllegalArgumentException.class, () -> r.loss(out, new Targets.Classes(new int[] {0, 1})));
    }
}

package dev.s4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Copying, adding and delay: their structure at several lengths, and reproducibility. */
class SyntheticTasksTest {

    @Test
    void copyingPutsSymbolsFirstTheMarkerBeforeTheLastMAndAsksForTheSymbols() throws IOException {
        for (int length : new int[] {21, 100, 1024}) {
            Task task = Tasks.load(TaskSpec.of(TaskName.COPYING).withLength(length).withTrainSize(4), m -> { });
            Batch b = task.train().range(0, 4);
            Tensor x = b.inputs();
            int[] labels = ((Targets.Classes) b.targets()).labels();
            assertArrayEquals(new int[] {4, length, 10}, x.shape());
            assertEquals(40, labels.length);
            for (int i = 0; i < 4; i++) {
                for (int t = 0; t < length; t++) {
                    int token = -1;
                    for (int k = 0; k < 10; k++) {
                        if (x.get(i, t, k) == 1) {
                            assertEquals(-1, token, "one-hot at " + t);
                            token = k;
                        }
                    }
                    if (t < 10) {
                        assertEquals(labels[i * 10 + t] + 1, token);
                    } else if (t == length - 11) {
                        assertEquals(9, token);
                    } else {
                        assertEquals(0, token);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new CopyingMemory(20, 10, 8));
    }

    @Test
    void addingTargetIsTheSumOfTheTwoMarkedValuesOnePerHalf() throws IOException {
        Task task = Tasks.load(TaskSpec.of(TaskName.ADDING).withLength(200).withTrainSize(8), m -> { });
        Batch b = task.train().range(0, 8);
        Tensor y = ((Targets.Values) b.targets()).values();
        assertArrayEquals(new int[] {8, 1}, y.shape());
        for (int i = 0; i < 8; i++) {
            double sum = 0;
            int first = 0;
            int second = 0;
            for (int t = 0; t < 200; t++) {
                double v = b.inputs().get(i, t, 0);
                assertTrue(v >= 0 && v < 1);
                if (b.inputs().get(i, t, 1) == 1) {
                    sum += v;
                    if (t < 100) {
                        first++;
                    } else {
                        second++;
                    }
                }
            }
            assertEquals(1, first);
            assertEquals(1, second);
            assertEquals(sum, y.get(i, 0), 1e-6);
        }
    }

    @Test
    void delayTargetIsTheInputShiftedByTheLag() throws IOException {
        Task task = Tasks.load(TaskSpec.of(TaskName.DELAY).withLength(64).withTrainSize(2), m -> { });
        Batch b = task.train().range(0, 2);
        Tensor y = ((Targets.Values) b.targets()).values();
        assertArrayEquals(new int[] {2, 64, 1}, y.shape());
        for (int t = 0; t < 64; t++) {
            assertEquals(t < 8 ? 0 : b.inputs().get(1, t - 8, 0), y.get(1, t, 0), 0);
        }
    }

    @Test
    void examplesDependOnlyOnTheirIndexAndSplits() throws IOException {
        Task task = Tasks.load(TaskSpec.of(TaskName.ADDING).withLength(50).withTrainSize(10), m -> { });
        Tensor together = task.train().batch(new int[] {3, 7}).inputs();
        Tensor alone = task.train().batch(new int[] {7}).inputs();
        assertArrayEquals(alone.toFloatArray(), together.slice(0, 1, 2).toFloatArray());
        Task again = Tasks.load(TaskSpec.of(TaskName.ADDING).withLength(50).withTrainSize(10), m -> { });
        assertArrayEquals(together.toFloatArray(), again.train().batch(new int[] {3, 7}).inputs().toFloatArray());
        assertTrue(!java.util.Arrays.equals(task.train().range(0, 1).inputs().toFloatArray(),
                task.test().range(0, 1).inputs().toFloatArray()), "splits differ");
        assertEquals(1000, task.validation().size());
        assertThrows(IndexOutOfBoundsException.class, () -> task.train().batch(new int[] {10}));
    }

    @Test
    void unknownTaskNamesListTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskName.parse("cifar"));
        assertTrue(e.getMessage().contains("smnist") && e.getMessage().contains("sc10"), e.getMessage());
        assertEquals(TaskName.PSMNIST, TaskName.parse("psMNIST"));
    }
}

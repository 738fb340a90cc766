package dev.s4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardLayoutTest {

    @Test
    void everyPositionGoesToTheTaskWhoseContiguousShardHoldsIt() {
        for (int tasks : new int[] {1, 2, 3, 5}) {
            ShardLayout layout = new ShardLayout(70, 16, tasks);      // 4 steps of 16 and one of 6
            assertEquals(5, layout.steps());
            assertEquals(6, layout.batchSize(4));
            for (int s = 0; s < layout.steps(); s++) {
                int covered = 0;
                for (int k = 0; k < tasks; k++) {
                    int size = layout.shardSize(s, k);
                    assertTrue(Math.abs(size - (double) layout.batchSize(s) / tasks) < 1, "shards differ by at most one");
                    for (int slot = layout.shardStart(s, k); slot < layout.shardStart(s, k) + size; slot++) {
                        assertEquals(k, layout.taskOf((long) s * 16 + slot), "step " + s + " slot " + slot);
                    }
                    covered += size;
                }
                assertEquals(layout.batchSize(s), covered);
            }
        }
    }

    @Test
    void aLastBatchSmallerThanTheTaskCountLeavesSomeShardsEmpty() {
        ShardLayout layout = new ShardLayout(33, 16, 4);
        assertEquals(3, layout.steps());
        int empty = 0;
        for (int k = 0; k < 4; k++) {
            empty += layout.shardSize(2, k) == 0 ? 1 : 0;
        }
        assertEquals(3, empty);
        assertEquals(3, layout.taskOf(32));
    }
}

package io.eventhubsnative.spark.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BacklogSplitTest {

    @Test
    void everythingFitsInTheBudget() {
        Map<String, Long> end = BacklogSplit.endOffsets(map(0, 10, 1, 20), map(0, 15, 1, 25), 100);
        assertThat(end).isEqualTo(map(0, 15, 1, 25));
    }

    @Test
    void splitsByBacklogAndNeverExceedsTheBudget() {
        Map<String, Long> end = BacklogSplit.endOffsets(map(0, 0, 1, 0, 2, 0), map(0, 900, 1, 90, 2, 10), 100);
        assertThat(total(map(0, 0, 1, 0, 2, 0), end)).isEqualTo(100);
        assertThat(end.get("0")).isBetween(88L, 92L);
        assertThat(end.get("1")).isBetween(8L, 10L);
        assertThat(end.get("2")).isGreaterThanOrEqualTo(1L);
    }

    @Test
    void aSmallPartitionIsNotStarvedByABigOne() {
        Map<String, Long> start = map(0, 0, 1, 0);
        Map<String, Long> end = BacklogSplit.endOffsets(start, map(0, 1_000_000, 1, 1), 10);
        assertThat(end.get("1")).isEqualTo(1L);
        assertThat(total(start, end)).isEqualTo(10);
    }

    @Test
    void randomBacklogsStayWithinBudgetAndBacklog() {
        Random random = new Random(42);
        for (int round = 0; round < 1000; round++) {
            Map<String, Long> start = new HashMap<>();
            Map<String, Long> latest = new HashMap<>();
            int partitions = 1 + random.nextInt(40);
            for (int p = 0; p < partitions; p++) {
                long from = random.nextInt(1000);
                start.put(Integer.toString(p), from);
                latest.put(Integer.toString(p), from + (random.nextBoolean() ? 0 : random.nextInt(5000)));
            }
            long budget = 1 + random.nextInt(20_000);
            Map<String, Long> end = BacklogSplit.endOffsets(start, latest, budget);
            long backlog = total(start, latest);
            assertThat(total(start, end)).isEqualTo(Math.min(budget, backlog));
            for (String p : latest.keySet()) {
                assertThat(end.get(p)).isBetween(start.get(p), latest.get(p));
                if (budget >= partitions && latest.get(p) > start.get(p)) {
                    assertThat(end.get(p))
                            .as("partition %s gets at least one event", p)
                            .isGreaterThan(start.get(p));
                }
            }
        }
    }

    private static long total(Map<String, Long> start, Map<String, Long> end) {
        long sum = 0;
        for (Map.Entry<String, Long> e : end.entrySet()) {
            sum += e.getValue() - start.get(e.getKey());
        }
        return sum;
    }

    private static Map<String, Long> map(long... pairs) {
        Map<String, Long> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(Long.toString(pairs[i]), pairs[i + 1]);
        }
        return map;
    }
}

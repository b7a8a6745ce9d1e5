package io.eventhubsnative.spark.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.spark.config.NumericOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EventHubsInputPartitionTest {

    private static Map<String, long[]> ranges(int partitions) {
        Map<String, long[]> ranges = new TreeMap<>(NumericOrder.INSTANCE);
        for (int p = 0; p < partitions; p++) {
            ranges.put(Integer.toString(p), new long[] {p * 10L, p * 10L + 5});
        }
        return ranges;
    }

    @Test
    void fewPartitionsListEveryOtherOneAsSiblings() {
        List<EventHubsInputPartition> planned = EventHubsInputPartition.plan(ranges(8), ExecutorLocations.of());

        assertThat(planned)
                .extracting(EventHubsInputPartition::partitionId)
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(planned.get(0).siblingStarts())
                .containsOnlyKeys("1", "2", "3", "4", "5", "6", "7")
                .containsEntry("3", 30L);
        assertThat(planned.get(7).siblingStarts()).hasSize(7).doesNotContainKey("7");
    }

    @Test
    void manyPartitionsListOnlyTheNextFewSoPlanningStaysLinear() {
        List<EventHubsInputPartition> planned = EventHubsInputPartition.plan(ranges(1_024), ExecutorLocations.of());

        assertThat(planned).hasSize(1_024);
        assertThat(planned)
                .allSatisfy(p -> assertThat(p.siblingStarts()).hasSize(EventHubsInputPartition.MAX_SIBLINGS));
        assertThat(planned.get(100).siblingStarts().keySet())
                .containsExactly(
                        "101", "102", "103", "104", "105", "106", "107", "108", "109", "110", "111", "112", "113",
                        "114", "115", "116");
        assertThat(planned.get(1_023).siblingStarts()).containsKeys("0", "15").doesNotContainKey("16");
    }

    @Test
    void siblingsShareTheExecutorAndEmptyRangesAreNotPlanned() {
        Map<String, long[]> ranges = ranges(6);
        ranges.put("2", new long[] {7, 7});
        ExecutorLocations executors = ExecutorLocations.of("executor_a_1", "executor_b_2");

        List<EventHubsInputPartition> planned = EventHubsInputPartition.plan(ranges, executors);

        assertThat(planned).extracting(EventHubsInputPartition::partitionId).containsExactly("0", "1", "3", "4", "5");
        for (EventHubsInputPartition partition : planned) {
            String location = partition.preferredLocations()[0];
            for (String sibling : partition.siblingStarts().keySet()) {
                assertThat(executors.forPartition(sibling)).isEqualTo(location);
            }
        }
    }
}

package io.eventhubsnative.spark.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventhubsnative.spark.client.PartitionBounds;
import io.eventhubsnative.spark.config.EventHubsOptions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchRangesTest {

    private static final String CS = "Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=listen;"
            + "SharedAccessKey=c2VjcmV0;EntityPath=telemetry";

    @Test
    void plansStartToEndAndLeavesOutEmptyRanges() {
        Map<String, long[]> ranges = BatchRanges.plan(
                options(), bounds(0, 0, 20, 1, 0, 20, 2, 0, 0), map(0, 5, 1, 20, 2, 0), map(0, 15, 1, 20, 2, 0));
        assertThat(ranges).containsOnlyKeys("0");
        assertThat(ranges.get("0")).containsExactly(5L, 15L);
    }

    @Test
    void sortsPartitionsAsNumbers() {
        Map<String, long[]> ranges = BatchRanges.plan(
                options(), bounds(2, 0, 1, 10, 0, 1, 1, 0, 1), map(2, 0, 10, 0, 1, 0), map(2, 1, 10, 1, 1, 1));
        assertThat(ranges.keySet()).containsExactly("1", "2", "10");
    }

    @Test
    void capsTheEndAtTheEventsPresentAtPlanning() {
        Map<String, long[]> ranges = BatchRanges.plan(options(), bounds(0, 0, 20), map(0, 3), map(0, 25));
        assertThat(ranges.get("0")).containsExactly(3L, 20L);
    }

    @Test
    void anEndBeforeTheStartNamesBothOptions() {
        EventHubsOptions options = options(
                "eventhubs.startingPosition",
                "{\"sequenceNumber\": 10}",
                "eventhubs.endingPositions",
                "{\"1\": {\"sequenceNumber\": 4}}");
        assertThatThrownBy(() ->
                        BatchRanges.plan(options, bounds(0, 0, 20, 1, 0, 20), map(0, 10, 1, 10), map(0, 20, 1, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition 1")
                .hasMessageContaining("eventhubs.endingPositions[\"1\"]")
                .hasMessageContaining("eventhubs.startingPosition =")
                .hasMessageContaining("sequence number 4")
                .hasMessageContaining("sequence number 10")
                .hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void anEqualStartAndEndReadsNothing() {
        assertThat(BatchRanges.plan(options(), bounds(0, 0, 20), map(0, 7), map(0, 7)))
                .isEmpty();
    }

    @Test
    void expiredEventsFailByDefaultNamingThePartitionAndTheRange() {
        assertThatThrownBy(() ->
                        BatchRanges.plan(options(), bounds(0, 0, 20, 1, 7, 20), map(0, 0, 1, 2), map(0, 20, 1, 20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Events [2, 7) of partition 1")
                .hasMessageContaining("failOnDataLoss");
    }

    @Test
    void expiredEventsAreSkippedWithoutFailOnDataLoss() {
        EventHubsOptions lenient = options("failOnDataLoss", "false");
        Map<String, long[]> ranges =
                BatchRanges.plan(lenient, bounds(0, 7, 20, 1, 7, 20), map(0, 2, 1, 0), map(0, 20, 1, 5));
        assertThat(ranges).containsOnlyKeys("0");
        assertThat(ranges.get("0")).containsExactly(7L, 20L);
    }

    private static EventHubsOptions options(String... keysAndValues) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("eventhubs.connectionString", CS);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return EventHubsOptions.parse(options);
    }

    /** Triples partition, begin, end. */
    private static Map<String, PartitionBounds> bounds(long... triples) {
        Map<String, PartitionBounds> bounds = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            String id = Long.toString(triples[i]);
            bounds.put(id, new PartitionBounds(id, triples[i + 1], triples[i + 2], null, 0));
        }
        return bounds;
    }

    private static Map<String, Long> map(long... pairs) {
        Map<String, Long> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(Long.toString(pairs[i]), pairs[i + 1]);
        }
        return map;
    }
}

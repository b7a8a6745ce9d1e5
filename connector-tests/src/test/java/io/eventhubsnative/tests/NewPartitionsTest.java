package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partitions added to a hub while a query runs (Premium/Dedicated) are read from their first event. */
class NewPartitionsTest extends EndToEndTest {

    @Test
    void aRunningQueryPicksUpAddedPartitionsFromSequenceNumberZero(@TempDir Path dir) {
        String hub = newHub(2);
        sendToEach(hub, 2, 5);
        // latest: the added partitions must still start at their beginning, not at their latest.
        StreamingQuery query = toDelta(stream(hub).load(), dir, Trigger.ProcessingTime(0));
        processAll(query);
        sendToEach(hub, 2, 2);
        processAll(query);
        assertThat(deltaCount(dir)).isEqualTo(4);

        hubs.addPartitions(hub, 6);
        sendToEach(hub, 6, 3);
        processAll(query);

        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read).containsOnlyKeys("0", "1", "2", "3", "4", "5");
        assertThat(read.get("0")).containsExactlyElementsOf(range(5, 10));
        assertThat(read.get("1")).containsExactlyElementsOf(range(5, 10));
        for (String added : List.of("2", "3", "4", "5")) {
            assertThat(read.get(added)).as("added partition %s", added).containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void aRestartAfterPartitionsWereAddedReadsThemFromTheBeginning(@TempDir Path dir) {
        String hub = newHub(1);
        send(hub, "0", 4);
        availableNow(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir);
        hubs.addPartitions(hub, 3);
        sendToEach(hub, 3, 2);
        availableNow(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 6));
        assertThat(read.get("1")).containsExactly(0L, 1L);
        assertThat(read.get("2")).containsExactly(0L, 1L);
    }
}

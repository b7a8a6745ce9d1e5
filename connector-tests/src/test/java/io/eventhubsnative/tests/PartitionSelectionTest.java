package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eventhubs.partitions}: a query reads only the partitions it lists, in batch and as a stream. */
class PartitionSelectionTest extends EndToEndTest {

    @Test
    void aBatchReadReadsOnlyTheListedPartitions() {
        String hub = newHub(4);
        sendToEach(hub, 4, 3);
        List<String> partitions = spark.read()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub)
                .option("eventhubs.partitions", "3, 1")
                .load()
                .select("partition")
                .distinct()
                .orderBy("partition")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(partitions).containsExactly("1", "3");
    }

    @Test
    void aStreamReadsTheListedPartitionsAndOneAddedToTheListJoinsAtItsStartingPosition(@TempDir Path dir) {
        String hub = newHub(3);
        sendToEach(hub, 3, 4);
        availableNow(
                stream(hub)
                        .option("eventhubs.partitions", "1")
                        .option("eventhubs.startingPosition", "earliest")
                        .load(),
                dir);
        assertThat(sequenceNumbers(dir)).containsOnlyKeys("1");

        // The same checkpoint, restarted with partition 2 listed too: 2 joins at its starting position (its first
        // event here), 1 goes on where it stopped.
        sendToEach(hub, 3, 2);
        availableNow(
                stream(hub)
                        .option("eventhubs.partitions", "1,2")
                        .option("eventhubs.startingPosition", "earliest")
                        .load(),
                dir);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read).containsOnlyKeys("1", "2");
        assertThat(read.get("1")).containsExactlyElementsOf(range(0, 6));
        assertThat(read.get("2")).containsExactlyElementsOf(range(0, 6));
    }

    @Test
    void aPartitionTheHubDoesNotHaveIsAClearError() {
        String hub = newHub(2);
        assertThatThrownBy(() -> spark.read()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", hubs.connectionString())
                        .option("eventhubs.name", hub)
                        .option("eventhubs.partitions", "0,7")
                        .load()
                        .count())
                .hasMessageContaining("eventhubs.partitions")
                .hasMessageContaining("lists partition 7")
                .hasMessageContaining("has partitions 0, 1");
    }
}

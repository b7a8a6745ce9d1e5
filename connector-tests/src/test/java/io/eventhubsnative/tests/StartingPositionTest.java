package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every form of {@code eventhubs.startingPosition} and {@code eventhubs.startingPositions}, against one hub whose
 * three partitions hold sequence numbers 0..19, the first ten enqueued before {@link #between}, the rest after.
 */
class StartingPositionTest extends EndToEndTest {

    private String hub;
    private Instant between;

    @BeforeAll
    void fillHub() {
        hub = newHub(3);
        between = sendBeforeAndAfter(hub, 3, 10);
    }

    @Test
    void earliest(@TempDir Path dir) {
        assertEveryPartitionFrom(run(dir, "earliest"), 0);
    }

    @Test
    void sequenceNumberInclusive(@TempDir Path dir) {
        assertEveryPartitionFrom(run(dir, "{\"sequenceNumber\": 5, \"inclusive\": true}"), 5);
    }

    @Test
    void sequenceNumberExclusive(@TempDir Path dir) {
        assertEveryPartitionFrom(run(dir, "{\"sequenceNumber\": 5, \"inclusive\": false}"), 6);
    }

    @Test
    void sequenceNumberBeyondTheEndFailsNamingTheOption(@TempDir Path dir) {
        StreamingQuery query = toDelta(
                stream(hub)
                        .option("eventhubs.startingPosition", "{\"sequenceNumber\": 1000}")
                        .load(),
                dir,
                Trigger.AvailableNow());
        StreamingQueryException failure = awaitFailure(query, RUN_TIMEOUT_MS);
        assertThat(fullText(failure)).contains("eventhubs.startingPosition", "1000", "beyond its last event (19)");
    }

    @Test
    void enqueuedTime(@TempDir Path dir) {
        assertEveryPartitionFrom(run(dir, "{\"enqueuedTime\": \"" + between + "\"}"), 10);
    }

    @Test
    void legacyEventPositionJsonStartOfStream(@TempDir Path dir) {
        assertEveryPartitionFrom(
                run(dir, "{\"offset\":\"-1\",\"seqNo\":-1,\"enqueuedTime\":null,\"isInclusive\":true}"), 0);
    }

    @Test
    void legacyEventPositionJsonSequenceNumber(@TempDir Path dir) {
        assertEveryPartitionFrom(
                run(dir, "{\"offset\":null,\"seqNo\":12,\"enqueuedTime\":null,\"isInclusive\":true}"), 12);
    }

    @Test
    void legacyEventPositionJsonEnqueuedTime(@TempDir Path dir) {
        assertEveryPartitionFrom(
                run(dir, "{\"offset\":null,\"seqNo\":-1,\"enqueuedTime\":\"" + between + "\",\"isInclusive\":true}"),
                10);
    }

    @Test
    void legacyEventPositionJsonEndOfStream(@TempDir Path dir) {
        run(dir, "{\"offset\":\"@latest\",\"seqNo\":-1,\"enqueuedTime\":null,\"isInclusive\":false}");
        assertThat(deltaCount(dir)).isZero();
    }

    @Test
    void hubLevelConnectionStringAndKeysInAnyCase(@TempDir Path dir) {
        availableNow(
                spark.readStream()
                        .format("eventhubs-native")
                        .option("EventHubs.ConnectionString", hubs.connectionString(hub))
                        .option("EVENTHUBS.STARTINGPOSITION", "{\"sequenceNumber\": 17, \"inclusive\": true}")
                        .option("maxeventspertrigger", "4")
                        .load(),
                dir);
        assertEveryPartitionFrom(dir, 17);
    }

    @Test
    void offsetReadFromTheSdk(@TempDir Path dir) {
        String single = newHub(1);
        send(single, "0", 20);
        String offset = offsetOf(single, "0", 7);
        availableNow(
                stream(single)
                        .option("eventhubs.startingPosition", "{\"offset\": \"" + offset + "\"}")
                        .load(),
                dir);
        assertThat(sequenceNumbers(dir)).containsOnlyKeys("0");
        assertThat(sequenceNumbers(dir).get("0")).containsExactlyElementsOf(range(7, 20));
        // The offset column holds the SDK's offset string.
        assertThat(delta(dir)
                        .where("sequenceNumber = 7")
                        .select("offset")
                        .first()
                        .getString(0))
                .isEqualTo(offset);
    }

    @Test
    void anOffsetWhoseEventIsNotDeliveredInTimeFailsInsteadOfStartingAtTheEnd(@TempDir Path dir) {
        String single = newHub(1);
        send(single, "0", 20);
        String position = "{\"offset\": \"" + offsetOf(single, "0", 7) + "\"}";
        hubs.faults().holdDeliveries(address -> address.startsWith(single + "/"));
        try {
            StreamingQuery query = toDelta(
                    stream(single)
                            .option("eventhubs.startingPosition", position)
                            .option("eventhubs.operationTimeout", "3s")
                            .load(),
                    dir,
                    Trigger.AvailableNow());
            assertThat(fullText(awaitFailure(query, RUN_TIMEOUT_MS)))
                    .contains(
                            "Partition 0 did not deliver the event at its starting position",
                            "eventhubs.operationTimeout");
        } finally {
            hubs.faults().releaseDeliveries();
        }
        // Nothing reached the checkpoint: the same query, restarted, starts at the offset.
        availableNow(
                stream(single).option("eventhubs.startingPosition", position).load(), dir);
        assertThat(sequenceNumbers(dir).get("0")).containsExactlyElementsOf(range(7, 20));
    }

    @Test
    void perPartitionPositionsOverrideTheDefault(@TempDir Path dir) {
        String offset = offsetOf(hub, "1", 12);
        availableNow(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option(
                                "eventhubs.startingPositions",
                                "{\"0\": {\"sequenceNumber\": 15, \"inclusive\": true}, \"1\": {\"offset\": \"" + offset
                                        + "\"}}")
                        .load(),
                dir);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(15, 20));
        assertThat(read.get("1")).containsExactlyElementsOf(range(12, 20));
        assertThat(read.get("2")).containsExactlyElementsOf(range(0, 20));
    }

    @Test
    void perPartitionLatestReadsNothingOld(@TempDir Path dir) {
        availableNow(
                stream(hub)
                        .option("eventhubs.startingPosition", "{\"sequenceNumber\": 18, \"inclusive\": true}")
                        .option("eventhubs.startingPositions", "{\"1\": \"latest\", \"2\": \"earliest\"}")
                        .load(),
                dir);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read).containsOnlyKeys("0", "2");
        assertThat(read.get("0")).containsExactly(18L, 19L);
        assertThat(read.get("2")).containsExactlyElementsOf(range(0, 20));
    }

    @Test
    void latestIsTheDefaultAndStaysPutAcrossARestartBeforeTheFirstBatch(@TempDir Path dir) {
        String fresh = newHub(2);
        sendToEach(fresh, 2, 5);
        // No startingPosition: a stream starts at latest. The run finds nothing to read, but fixes its start.
        availableNow(stream(fresh).load(), dir);
        assertThat(deltaCount(dir)).isZero();

        sendToEach(fresh, 2, 3);
        availableNow(
                stream(fresh).option("eventhubs.startingPosition", "latest").load(), dir);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactly(5L, 6L, 7L);
        assertThat(read.get("1")).containsExactly(5L, 6L, 7L);
    }

    private Path run(Path dir, String position) {
        availableNow(stream(hub).option("eventhubs.startingPosition", position).load(), dir);
        return dir;
    }

    private void assertEveryPartitionFrom(Path dir, long first) {
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read).containsOnlyKeys("0", "1", "2");
        read.forEach((partition, numbers) ->
                assertThat(numbers).as("partition %s", partition).containsExactlyElementsOf(range(first, 20)));
    }

    /** The offset of an event as the SDK reports it. */
    private String offsetOf(String eventHub, String partitionId, long sequenceNumber) {
        try (EventHubConsumerClient consumer = new EventHubClientBuilder()
                .connectionString(hubs.connectionString(eventHub))
                .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
                .buildConsumerClient()) {
            for (PartitionEvent event : consumer.receiveFromPartition(
                    partitionId, 1, EventPosition.fromSequenceNumber(sequenceNumber, true), Duration.ofSeconds(15))) {
                assertThat(event.getData().getSequenceNumber()).isEqualTo(sequenceNumber);
                return event.getData().getOffsetString();
            }
        }
        throw new AssertionError("No event " + sequenceNumber + " in partition " + partitionId);
    }
}

package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries that share a hub, and a stream whose connections and links the service drops between micro-batches:
 * every event still lands exactly once.
 */
class ResilienceTest extends EndToEndTest {

    @Test
    void twoQueriesOnOneHubAtDifferentPositionsEachReadTheirOwnEvents(@TempDir Path first, @TempDir Path second) {
        String hub = newHub(2);
        sendToEach(hub, 2, 10);
        StreamingQuery fromStart = toDelta(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), first, Trigger.ProcessingTime(0));
        StreamingQuery fromFive = toDelta(
                stream(hub)
                        .option("eventhubs.startingPosition", "{\"sequenceNumber\": 5, \"inclusive\": true}")
                        .option("maxEventsPerTrigger", "3")
                        .load(),
                second,
                Trigger.ProcessingTime(0));
        for (int round = 0; round < 3; round++) {
            sendToEach(hub, 2, 4);
            processAll(fromStart);
            processAll(fromFive);
        }
        Map<String, List<Long>> all = sequenceNumbers(first);
        Map<String, List<Long>> later = sequenceNumbers(second);
        for (String partition : List.of("0", "1")) {
            assertThat(all.get(partition))
                    .as("query from earliest, partition %s", partition)
                    .containsExactlyElementsOf(range(0, 22));
            assertThat(later.get(partition))
                    .as("query from 5, partition %s", partition)
                    .containsExactlyElementsOf(range(5, 22));
        }
    }

    @Test
    void droppedConnectionsBetweenMicroBatchesLoseAndDoubleNothing(@TempDir Path dir) {
        String hub = newHub(2);
        StreamingQuery query = toDelta(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir, Trigger.ProcessingTime(0));
        for (int round = 0; round < 4; round++) {
            sendToEach(hub, 2, 5);
            processAll(query);
            dropConnections();
        }
        sendToEach(hub, 2, 5);
        processAll(query);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 25));
        assertThat(read.get("1")).containsExactlyElementsOf(range(0, 25));
    }

    @Test
    void detachedReceiveLinksBetweenMicroBatchesLoseAndDoubleNothing(@TempDir Path dir) {
        String hub = newHub(2);
        StreamingQuery query = toDelta(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir, Trigger.ProcessingTime(0));
        for (int round = 0; round < 3; round++) {
            sendToEach(hub, 2, 5);
            processAll(query);
            hubs.faults()
                    .detachReceiveLinks(
                            address -> address.startsWith(hub + "/"),
                            "com.microsoft:server-busy",
                            "The server is busy (test fault).");
        }
        sendToEach(hub, 2, 5);
        processAll(query);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 20));
        assertThat(read.get("1")).containsExactlyElementsOf(range(0, 20));
    }

    @Test
    void stoppingAQueryWhileItWaitsForTheServiceIsACleanStop(@TempDir Path dir) {
        String hub = newHub(1);
        send(hub, "0", 2);
        StreamingQuery query = toDelta(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir, Trigger.ProcessingTime(0));
        processAll(query);
        hubs.faults().delayManagement(Duration.ofSeconds(3));
        try {
            long asked = hubs.counters().managementRequests();
            // An idle stream asks for the partitions' bounds before each batch: a request counted now waits.
            await(
                    "the stream to wait for a delayed management reply",
                    Duration.ofSeconds(60),
                    () -> hubs.counters().managementRequests() > asked);
            long start = System.nanoTime();
            stop(query);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            hubs.faults().clear();
        }
        assertThat(query.exception().isDefined())
                .as("a stop is not a failure: %s", query.exception())
                .isFalse();
        assertThat(deltaCount(dir)).isEqualTo(2);
    }
}

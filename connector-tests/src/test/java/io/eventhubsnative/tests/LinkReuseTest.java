package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A steady stream reuses its receive links across micro-batches instead of opening one per batch, the links that
 * queries leave behind never add up to the service's limit of 5 receivers per partition and consumer group, and
 * stopping a query closes its links without closing the connection other readers share.
 */
class LinkReuseTest extends EndToEndTest {

    private static final int PARTITIONS = 2;
    private static final int ROUNDS = 20;

    @Test
    void twentyMicroBatchesOpenEachPartitionLinkOnce(@TempDir Path dir) {
        String hub = newHub(PARTITIONS);
        StreamingQuery query = toDelta(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir, Trigger.ProcessingTime(0));
        for (int round = 0; round < ROUNDS; round++) {
            sendToEach(hub, PARTITIONS, 3);
            processAll(query);
        }
        assertThat(deltaCount(dir)).isEqualTo((long) ROUNDS * PARTITIONS * 3);
        assertThat(batchSizes(query)).hasSizeGreaterThanOrEqualTo(ROUNDS);
        for (int p = 0; p < PARTITIONS; p++) {
            String address = hub + "/ConsumerGroups/$Default/Partitions/" + p;
            assertThat(hubs.counters().linksAttached(address))
                    .as("links attached to %s", address)
                    .isEqualTo(1L);
        }
    }

    @Test
    void queriesStartedAndStoppedInTurnNeverHitTheReceiverLimit(@TempDir Path dir) {
        String hub = newHub(1);
        for (int query = 0; query < 7; query++) {
            send(hub, "0", 4);
            // Each query has its own options (so its own SDK client) and its own checkpoint, as a notebook's cells do.
            Path run = dir.resolve("query-" + query);
            StreamingQuery stream = toDelta(
                    stream(hub)
                            .option("eventhubs.startingPosition", "earliest")
                            .option("eventhubs.prefetchCount", Integer.toString(100 + query))
                            .load(),
                    run,
                    Trigger.ProcessingTime(0));
            processAll(stream);
            assertThat(hubs.attachedReceivers(hub, "$Default", "0"))
                    .as("receivers attached while query %d runs", query)
                    .isBetween(1, 4);
            stop(stream);
            assertThat(deltaCount(run)).as("events read by query %d", query).isEqualTo(4L * (query + 1));
            assertThat(hubs.attachedReceivers(hub, "$Default", "0"))
                    .as("receivers left after query %d", query)
                    .isLessThanOrEqualTo(4);
        }
    }

    /**
     * Stopping a query kills its running tasks: Spark interrupts their threads, then closes their readers on those
     * threads. The SDK signals its I/O thread through a pipe that an interrupted thread closes, which took the shared
     * connection down with the links (and spun a core until it closed).
     */
    @Test
    void stoppingAQueryWhoseTasksWaitForEventsKeepsTheSharedConnection(@TempDir Path dir) {
        String hub = newHub(PARTITIONS);
        sendToEach(hub, PARTITIONS, 5);
        // Held deliveries keep the batch's tasks waiting on their links, as on a slow partition, when the query stops.
        hubs.faults().holdDeliveries(address -> address.startsWith(hub + "/"));
        try {
            StreamingQuery stream = toDelta(
                    stream(hub)
                            .option("eventhubs.startingPosition", "earliest")
                            .option("eventhubs.receiverTimeout", "120s")
                            .load(),
                    dir.resolve("stopped"),
                    Trigger.ProcessingTime(0));
            await("a task waiting on the link of each partition", Duration.ofSeconds(60), () -> attached(hub) == 2);
            long connections = hubs.counters().connectionsAccepted();
            stop(stream);
            await("the killed tasks' links to close", Duration.ofSeconds(60), () -> attached(hub) == 0);
            hubs.faults().releaseDeliveries();

            // The same options, so the same SDK client: it reads over the connection it already had.
            long read = spark.read()
                    .format("eventhubs-native")
                    .option("eventhubs.connectionString", hubs.connectionString())
                    .option("eventhubs.name", hub)
                    .option("eventhubs.receiverTimeout", "120s")
                    .load()
                    .count();
            assertThat(read).isEqualTo(2 * 5L);
            assertThat(hubs.counters().connectionsAccepted())
                    .as("connections opened since the query was stopped")
                    .isEqualTo(connections);
        } finally {
            hubs.faults().releaseDeliveries();
        }
    }

    private int attached(String hub) {
        int links = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            links += hubs.attachedReceivers(hub, "$Default", Integer.toString(partition));
        }
        return links;
    }
}

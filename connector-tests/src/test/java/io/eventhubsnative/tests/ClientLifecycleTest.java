package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.spark.client.EventHubsClients;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived notebook cluster where many queries come and go, each with options of its own: the connector's SDK
 * clients (one AMQP connection each) are closed once nobody has used them for the idle timeout, so the connections
 * left open are those in use, not one per option variant ever seen.
 */
class ClientLifecycleTest extends EndToEndTest {

    private static final int QUERIES = 50;

    @Test
    void fiftyQueriesWithTheirOwnOptionsLeaveNoConnectionsBehindAfterTheIdleTimeout(@TempDir Path dir) {
        String hub = newHub(2);
        sendToEach(hub, 2, 5);
        hubs.addConsumerGroup(hub, "reports");
        for (int query = 0; query < QUERIES; query++) {
            // Options that need a client of their own: prefetch, timeouts and consumer group are part of a consumer.
            String prefetch = Integer.toString(100 + query);
            String timeout = (30 + query % 7) + "s";
            String group = query % 2 == 0 ? "$Default" : "reports";
            switch (query % 5) {
                case 0:
                    availableNow(
                            stream(hub)
                                    .option("eventhubs.startingPosition", "earliest")
                                    .option("eventhubs.prefetchCount", prefetch)
                                    .option("eventhubs.consumerGroup", group)
                                    .load(),
                            dir.resolve("stream-" + query));
                    assertThat(deltaCount(dir.resolve("stream-" + query))).isGreaterThanOrEqualTo(10);
                    break;
                case 1:
                    // The sink's producers need neither consumer group nor prefetch: these writes share few clients.
                    Dataset<Row> events = spark.range(3).selectExpr("CAST(id AS STRING) AS body");
                    events.write()
                            .format("eventhubs-native")
                            .option("eventhubs.connectionString", hubs.connectionString())
                            .option("eventhubs.name", hub)
                            .option("eventhubs.consumerGroup", group)
                            .option("eventhubs.prefetchCount", prefetch)
                            .mode("append")
                            .save();
                    break;
                default:
                    long count = spark.read()
                            .format("eventhubs-native")
                            .option("eventhubs.connectionString", hubs.connectionString())
                            .option("eventhubs.name", hub)
                            .option("eventhubs.prefetchCount", prefetch)
                            .option("eventhubs.operationTimeout", timeout)
                            .option("eventhubs.consumerGroup", group)
                            .load()
                            .count();
                    assertThat(count).isGreaterThanOrEqualTo(10);
            }
        }
        int whileRecent = hubs.openConnections();
        assertThat(whileRecent).as("connections of recently used clients").isGreaterThan(10);
        assertThat(EventHubsClients.closeIdle(EventHubsClients.IDLE_TIMEOUT))
                .as("clients idle for 10 minutes")
                .isZero();

        // As the JVM's evictor does once the idle timeout has passed (here: at once).
        int closed = EventHubsClients.closeIdle(Duration.ZERO);
        assertThat(closed).isGreaterThan(10);
        // The test's own producer keeps its connection; of the connector's, none is in use.
        await("idle clients' connections to close", Duration.ofSeconds(30), () -> hubs.openConnections() <= 2);
        System.out.printf(
                "client lifecycle: %d queries, %d connections open after them, %d clients closed as idle, %d"
                        + " connections left%n",
                QUERIES, whileRecent, closed, hubs.openConnections());
        sendToEach(hub, 2, 1);
        assertThat(spark.read()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", hubs.connectionString())
                        .option("eventhubs.name", hub)
                        .load()
                        .count())
                .as("a query after the clean-up builds its client anew")
                .isGreaterThanOrEqualTo(12);
    }
}

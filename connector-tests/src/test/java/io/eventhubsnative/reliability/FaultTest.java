package io.eventhubsnative.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.tests.SparkSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * While events arrive and a stream reads them into Delta, the endpoint drops every connection, detaches the receive
 * links with {@code com.microsoft:server-busy} and with {@code amqp:link:detach-forced}, and now and then delays its
 * management replies past the operation timeout, one fault every second for 30 s. The query rides through the
 * transient faults or fails with a clear error and is restarted from its checkpoint; at the end every event is in
 * the table exactly once.
 */
class FaultTest {

    private static final int EVENTS = 60_000;
    private static final int PARTITIONS = 4;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void transientFaultsLoseAndDoubleNothing(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkSessions.shared();
        String table = dir.resolve("table").toString();
        String checkpoint = dir.resolve("checkpoint").toString();
        List<String> failures = new ArrayList<>();
        int faults = 0;
        try (LocalEventHubs hubs =
                        LocalEventHubs.builder().hub("faults", PARTITIONS).start();
                EventHubProducerClient producer = new EventHubClientBuilder()
                        .connectionString(hubs.connectionString("faults"))
                        .buildProducerClient()) {
            StreamingQuery query = start(spark, hubs, table, checkpoint);
            int sent = 0;
            long faultsUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < faultsUntil) {
                sent += sendSome(producer, sent);
                switch (faults++ % 4) {
                    case 0 -> hubs.faults().dropConnections();
                    case 1 -> hubs.faults().detachReceiveLinks("com.microsoft:server-busy", "The server is busy.");
                    case 2 ->
                        hubs.faults()
                                .detachReceiveLinks("amqp:link:detach-forced", "The link was detached by the service.");
                    default -> hubs.faults().delayManagement(Duration.ofSeconds(7));
                }
                TimeUnit.MILLISECONDS.sleep(1_000);
                hubs.faults().delayManagement(Duration.ZERO);
                if (!query.isActive()) {
                    failures.add(Events.text(query.exception().get()));
                    query = start(spark, hubs, table, checkpoint);
                }
            }
            while (sent < EVENTS) {
                sent += sendSome(producer, sent);
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    if (!query.isActive()) {
                        failures.add(Events.text(query.exception().get()));
                        query = start(spark, hubs, table, checkpoint);
                    }
                    query.processAllAvailable();
                    break;
                } catch (org.apache.spark.sql.streaming.StreamingQueryException e) {
                    assertThat(attempt).as("restarts after the faults stopped").isLessThan(3);
                }
            }
            query.stop();
            System.out.printf(
                    "fault test: %d faults injected, %d query failures and restarts%n", faults, failures.size());
        }

        for (String failure : failures) {
            System.out.println(
                    "fault test, query failure: " + failure.lines().findFirst().orElse(""));
            // A failure must say what failed and where, never show the key.
            assertThat(failure).contains("faults").doesNotContain(LocalEventHubs.DEFAULT_KEY);
        }
        Dataset<Row> rows = spark.read().format("delta").load(table);
        assertThat(rows.count()).isEqualTo(EVENTS);
        assertThat(rows.select("partition", "sequenceNumber").distinct().count())
                .isEqualTo(EVENTS);
    }

    private static StreamingQuery start(SparkSession spark, LocalEventHubs hubs, String table, String checkpoint)
            throws Exception {
        return Events.toDelta(
                spark,
                hubs.connectionString("faults"),
                Map.of(
                        "eventhubs.operationTimeout",
                        "5s",
                        "eventhubs.receiverTimeout",
                        "5s",
                        "maxEventsPerTrigger",
                        "4000"),
                table,
                checkpoint);
    }

    /** Up to 2,000 more events, never more than {@link #EVENTS} in all; returns how many. */
    private static int sendSome(EventHubProducerClient producer, int alreadySent) {
        int count = Math.min(2_000, EVENTS - alreadySent);
        Events.send(producer, PARTITIONS, alreadySent, count);
        return count;
    }
}

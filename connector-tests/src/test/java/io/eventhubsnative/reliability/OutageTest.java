package io.eventhubsnative.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.tests.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint goes down for two minutes ({@code -Doutage.seconds}) in the middle of a stream: the query fails
 * within its bound (the operation timeout, retries included) with a message that says what could not be reached and
 * which option bounds the wait; restarted once the namespace is back, it resumes exactly where it stopped.
 */
class OutageTest {

    private static final int OUTAGE_SECONDS = Integer.getInteger("outage.seconds", 120);
    private static final int PARTITIONS = 4;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aStreamFailsClearlyDuringAnOutageAndResumesExactlyAfterIt(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkSessions.shared();
        String table = dir.resolve("table").toString();
        String checkpoint = dir.resolve("checkpoint").toString();
        String failure;
        long failedAfterMs;
        try (LocalEventHubs hubs =
                        LocalEventHubs.builder().hub("outage", PARTITIONS).start();
                EventHubProducerClient producer = new EventHubClientBuilder()
                        .connectionString(hubs.connectionString("outage"))
                        .buildProducerClient()) {
            Events.send(producer, PARTITIONS, 0, 20_000);
            StreamingQuery query = start(spark, hubs, table, checkpoint);
            query.processAllAvailable();
            Events.send(producer, PARTITIONS, 20_000, 10_000);

            long down = System.nanoTime();
            hubs.faults().outage(true);
            try {
                query.awaitTermination(TimeUnit.SECONDS.toMillis(90));
            } catch (StreamingQueryException e) {
                // expected: reported below
            }
            failedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
            assertThat(query.isActive())
                    .as("the query gave up within its bound")
                    .isFalse();
            failure = Events.text(query.exception().get());
            TimeUnit.MILLISECONDS.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(OUTAGE_SECONDS) - failedAfterMs));
            hubs.faults().outage(false);
            System.out.printf("outage test: down %d s, the query failed after %d ms%n", OUTAGE_SECONDS, failedAfterMs);

            Events.send(producer, PARTITIONS, 30_000, 10_000);
            query = start(spark, hubs, table, checkpoint);
            query.processAllAvailable();
            query.stop();
        }

        assertThat(failedAfterMs)
                .as("failed within the operation timeout's bound")
                .isLessThan(60_000);
        assertThat(failure)
                .contains("outage")
                .contains("eventhubs.operationTimeout")
                .doesNotContain(LocalEventHubs.DEFAULT_KEY);
        Dataset<Row> rows = spark.read().format("delta").load(table);
        assertThat(rows.count()).isEqualTo(40_000);
        assertThat(rows.select("partition", "sequenceNumber").distinct().count())
                .isEqualTo(40_000);
    }

    private static StreamingQuery start(SparkSession spark, LocalEventHubs hubs, String table, String checkpoint)
            throws Exception {
        return Events.toDelta(
                spark,
                hubs.connectionString("outage"),
                Map.of(
                        "eventhubs.operationTimeout",
                        "10s",
                        "eventhubs.receiverTimeout",
                        "5s",
                        "eventhubs.maxRetries",
                        "2",
                        "maxEventsPerTrigger",
                        "2000"),
                table,
                checkpoint);
    }
}

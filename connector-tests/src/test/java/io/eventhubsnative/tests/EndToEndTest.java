package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import io.eventhubsnative.local.LocalEventHubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the end-to-end tests: the shared Spark session, one {@link LocalEventHubs} per test class, the real SDK
 * producer, and queries written the way a user writes them ({@code readStream().format("eventhubs-native")} into
 * Delta). Every test uses fresh hub names and temp directories; every wait is bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class EndToEndTest {

    /** Bound of one query run (an AvailableNow drain, a processAllAvailable). */
    static final long RUN_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(90);

    private static final AtomicInteger HUB_NAMES = new AtomicInteger();

    protected SparkSession spark;
    protected LocalEventHubs hubs;
    private final Map<String, EventHubProducerClient> producers = new ConcurrentHashMap<>();

    @BeforeAll
    void startEndpointAndSpark() {
        hubs = LocalEventHubs.builder().hub("unused", 1).start();
        spark = SparkSessions.shared();
    }

    @AfterEach
    void stopQueries() {
        SparkSessions.stopActiveQueries();
    }

    @AfterAll
    void closeEndpoint() {
        closeProducers();
        if (hubs != null) {
            hubs.close();
        }
    }

    /**
     * The endpoint drops every connection, and the test's own producers start afresh: a send issued before the SDK
     * noticed the drop fails with "Cannot publish data batch when disposed", which the SDK does not retry, and the
     * test's producer is not what such a test is about.
     */
    protected void dropConnections() {
        hubs.faults().dropConnections();
        closeProducers();
    }

    private void closeProducers() {
        producers.values().forEach(EventHubProducerClient::close);
        producers.clear();
    }

    /** Creates a hub with a name no other test uses. */
    protected String newHub(int partitions) {
        String name = getClass().getSimpleName().toLowerCase(Locale.ROOT).replace("test", "") + "-"
                + HUB_NAMES.incrementAndGet();
        hubs.createHub(name, partitions);
        return name;
    }

    protected EventHubProducerClient producer(String hub) {
        return producers.computeIfAbsent(
                hub,
                h -> new EventHubClientBuilder()
                        .connectionString(hubs.connectionString(h))
                        .retryOptions(new AmqpRetryOptions()
                                .setMode(AmqpRetryMode.FIXED)
                                .setMaxRetries(2)
                                .setDelay(Duration.ofMillis(200))
                                .setTryTimeout(Duration.ofSeconds(15)))
                        .buildProducerClient());
    }

    /**
     * Sends {@code perPartition} events to each of the first {@code partitions} partitions before the instant it
     * returns and as many after it, 150 ms away on either side, so that enqueued times fall clearly on one side.
     */
    protected Instant sendBeforeAndAfter(String hub, int partitions, int perPartition) {
        sendToEach(hub, partitions, perPartition);
        sleep(150);
        Instant between = Instant.now();
        sleep(150);
        sendToEach(hub, partitions, perPartition);
        return between;
    }

    /** Sends {@code count} events with bodies {@code "<prefix><i>"} to one partition, in batches. */
    protected void send(String hub, String partitionId, int count, String prefix) {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new EventData(prefix + i));
        }
        send(hub, new CreateBatchOptions().setPartitionId(partitionId), events);
    }

    /** Sends {@code count} events to one partition. */
    protected void send(String hub, String partitionId, int count) {
        send(hub, partitionId, count, "p" + partitionId + "-");
    }

    /** Sends the same number of events to each of the hub's first {@code partitions} partitions. */
    protected void sendToEach(String hub, int partitions, int perPartition) {
        for (int p = 0; p < partitions; p++) {
            send(hub, Integer.toString(p), perPartition);
        }
    }

    protected void send(String hub, CreateBatchOptions options, List<EventData> events) {
        EventHubProducerClient producer = producer(hub);
        EventDataBatch batch = producer.createBatch(options);
        for (EventData event : events) {
            if (!batch.tryAdd(event)) {
                producer.send(batch);
                batch = producer.createBatch(options);
                if (!batch.tryAdd(event)) {
                    throw new IllegalArgumentException("Event too large for an empty batch");
                }
            }
        }
        if (batch.getCount() > 0) {
            producer.send(batch);
        }
    }

    /** {@code readStream().format("eventhubs-native")} for {@code hub}, with a namespace-level connection string. */
    protected DataStreamReader stream(String hub) {
        return spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub);
    }

    protected static Path table(Path dir) {
        return dir.resolve("table");
    }

    protected static Path checkpoint(Path dir) {
        return dir.resolve("checkpoint");
    }

    /** Starts {@code df} into the Delta table {@code dir/table} with checkpoint {@code dir/checkpoint}. */
    protected StreamingQuery toDelta(Dataset<Row> df, Path dir, Trigger trigger) {
        return df.writeStream()
                .format("delta")
                .option("checkpointLocation", checkpoint(dir).toString())
                .trigger(trigger)
                .start(table(dir).toString());
    }

    /** {@code query.stop()}, bounded by {@code spark.sql.streaming.stopTimeout}. */
    protected static void stop(StreamingQuery query) {
        try {
            query.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("The query did not stop", e);
        }
    }

    /** Runs {@code df} into Delta with {@code Trigger.AvailableNow()} to the end; fails when it fails or hangs. */
    protected StreamingQuery availableNow(Dataset<Row> df, Path dir) {
        StreamingQuery query = toDelta(df, dir, Trigger.AvailableNow());
        awaitEnd(query);
        return query;
    }

    /** Waits for a query that must terminate by itself (AvailableNow) and rethrows its failure. */
    protected static void awaitEnd(StreamingQuery query) {
        try {
            if (!query.awaitTermination(RUN_TIMEOUT_MS)) {
                stop(query);
                throw new AssertionError("The query did not finish within " + RUN_TIMEOUT_MS + " ms");
            }
        } catch (StreamingQueryException e) {
            throw new AssertionError("The query failed: " + e.getMessage(), e);
        }
    }

    /** The failure of a query that is expected to fail within {@code timeoutMs}. */
    /**
     * The failure of a query whose options set {@code eventhubs.operationTimeout} to 10 s: it must fail within that,
     * plus 20 s for starting the query on a busy machine.
     */
    protected static StreamingQueryException awaitFailureWithinTenSecondTimeout(StreamingQuery query) {
        return awaitFailure(query, 30_000);
    }

    protected static StreamingQueryException awaitFailure(StreamingQuery query, long timeoutMs) {
        try {
            boolean ended = query.awaitTermination(timeoutMs);
            if (!ended) {
                stop(query);
                throw new AssertionError("The query neither failed nor finished within " + timeoutMs + " ms");
            }
            throw new AssertionError("The query finished without failing");
        } catch (StreamingQueryException e) {
            return e;
        }
    }

    protected static void processAll(StreamingQuery query) {
        // processAllAvailable has no timeout of its own; a failure surfaces as an exception, a hang via @Timeout.
        query.processAllAvailable();
    }

    protected Dataset<Row> delta(Path dir) {
        return spark.read().format("delta").load(table(dir).toString());
    }

    protected boolean deltaExists(Path dir) {
        return Files.isDirectory(table(dir).resolve("_delta_log"));
    }

    protected long deltaCount(Path dir) {
        return deltaExists(dir) ? delta(dir).count() : 0;
    }

    /** Partition id -> sorted sequence numbers in the Delta table (duplicates kept, so they show). */
    protected Map<String, List<Long>> sequenceNumbers(Path dir) {
        Map<String, List<Long>> byPartition = new TreeMap<>();
        if (!deltaExists(dir)) {
            return byPartition;
        }
        for (Row row : delta(dir)
                .select("partition", "sequenceNumber")
                .orderBy("partition", "sequenceNumber")
                .collectAsList()) {
            byPartition
                    .computeIfAbsent(row.getString(0), p -> new ArrayList<>())
                    .add(row.getLong(1));
        }
        return byPartition;
    }

    /** {@code [from, until)}. */
    protected static List<Long> range(long from, long until) {
        List<Long> numbers = new ArrayList<>();
        for (long n = from; n < until; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    protected static long rowsRead(StreamingQuery query) {
        long rows = 0;
        for (StreamingQueryProgress progress : query.recentProgress()) {
            rows += progress.numInputRows();
        }
        return rows;
    }

    protected static List<Long> batchSizes(StreamingQuery query) {
        List<Long> sizes = new ArrayList<>();
        for (StreamingQueryProgress progress : query.recentProgress()) {
            if (progress.numInputRows() > 0) {
                sizes.add(progress.numInputRows());
            }
        }
        return sizes;
    }

    /** Polls until {@code condition} holds; fails after {@code timeout}. */
    protected static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            sleep(50);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** Every message of the exception and its causes, and the stack trace text, for "never shows X" checks. */
    protected static String fullText(Throwable error) {
        java.io.StringWriter out = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    protected static void assertNoSecret(String text, String... secrets) {
        for (String secret : secrets) {
            assertThat(text).as("text that must not show a secret").doesNotContain(secret);
        }
    }
}

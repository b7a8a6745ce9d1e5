package io.eventhubsnative.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.LocalEventHubs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each pipeline of the examples against the local endpoint, with its result checked. */
class ExamplesTest {

    private static final long START = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    private static final AtomicInteger HUBS = new AtomicInteger();

    private static LocalEventHubs endpoint;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        endpoint = LocalEventHubs.start();
        spark = Examples.session("examples-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        endpoint.close();
    }

    private static EventHub newHub() {
        String name = "iot-" + HUBS.incrementAndGet();
        endpoint.createHub(name, 4);
        return new EventHub(endpoint.connectionString(), name);
    }

    private static Dataset<Row> delta(Path table) {
        return spark.read().format("delta").load(table.toString());
    }

    @Test
    void iotEventsLandInDeltaOnceAcrossARestart(@TempDir Path dir) throws Exception {
        EventHub hub = newHub();
        Path table = dir.resolve("iot");
        String checkpoint = dir.resolve("checkpoint").toString();
        IotEvents.send(hub, IotEvents.readings(spark, 2_000, 10, START));

        StreamingQuery query =
                IotToDelta.start(spark, hub, table.toString(), checkpoint, Trigger.ProcessingTime("200 milliseconds"));
        query.processAllAvailable();
        query.stop();
        assertThat(delta(table).count()).isEqualTo(2_000);

        query = IotToDelta.start(spark, hub, table.toString(), checkpoint, Trigger.ProcessingTime("200 milliseconds"));
        query.processAllAvailable();
        assertThat(delta(table).count()).as("a restart reads nothing twice").isEqualTo(2_000);
        IotEvents.send(hub, IotEvents.readings(spark, 500, 10, START + 2_000));
        query.processAllAvailable();
        query.stop();

        Dataset<Row> rows = delta(table);
        assertThat(rows.count()).isEqualTo(2_500);
        assertThat(rows.select("partition", "sequenceNumber").distinct().count())
                .isEqualTo(2_500);
        assertThat(rows.where("device is null or status is null or timestamp is null")
                        .count())
                .isZero();
        assertThat(rows.where("device = 'device-3'").count()).isEqualTo(250);
    }

    @Test
    void windowedCountsInUpdateAndCompleteModes(@TempDir Path dir) throws Exception {
        EventHub hub = newHub();
        // 300 readings one second apart from 3 devices: 5 one-minute windows of 20 readings per device.
        IotEvents.send(hub, IotEvents.readings(spark, 300, 3, START));
        StreamingQuery update = DeviceWindows.start(
                spark,
                hub,
                "update",
                "windows_update",
                dir.resolve("update").toString(),
                Trigger.ProcessingTime("200 milliseconds"));
        StreamingQuery complete = DeviceWindows.start(
                spark,
                hub,
                "complete",
                "windows_complete",
                dir.resolve("complete").toString(),
                Trigger.ProcessingTime("200 milliseconds"));
        update.processAllAvailable();
        complete.processAllAvailable();
        long firstUpdateRows = spark.table("windows_update").count();

        // The next 300 readings open 5 new windows: update mode emits only those, complete mode the whole table.
        IotEvents.send(hub, IotEvents.readings(spark, 300, 3, START + 300));
        update.processAllAvailable();
        complete.processAllAvailable();
        update.stop();
        complete.stop();

        assertThat(firstUpdateRows).isEqualTo(15);
        // The second send may span micro-batches, so a new window can be emitted with a partial count and again
        // with its final one; what update mode promises is that the old windows are not emitted again.
        Dataset<Row> updates = spark.table("windows_update");
        String secondHalf = "window.start >= timestamp_seconds(" + (START + 300) + ")";
        assertThat(updates.where("not (" + secondHalf + ")").count())
                .as("windows of the first send, emitted once")
                .isEqualTo(15);
        Dataset<Row> finalCounts = updates.groupBy("window", "device").max("count");
        assertThat(finalCounts.count()).isEqualTo(30);
        assertThat(finalCounts.where("`max(count)` != 20").count()).isZero();
        Dataset<Row> all = spark.table("windows_complete");
        assertThat(all.count()).isEqualTo(30);
        assertThat(all.where("count != 20").count()).isZero();
    }

    @Test
    void foreachBatchUpsertKeepsTheLatestStatusPerDevice(@TempDir Path dir) throws Exception {
        EventHub hub = newHub();
        Path table = dir.resolve("status");
        String checkpoint = dir.resolve("checkpoint").toString();
        IotEvents.send(hub, IotEvents.readings(spark, 100, 10, START));
        LatestStatusUpsert.start(spark, hub, table.toString(), checkpoint, Trigger.AvailableNow())
                .awaitTermination();

        // Readings 90..99 are the newest: device-k's latest is reading 90+k, whose status is statuses[(90+k) % 3].
        Map<String, String> expected = expectedLatest(90);
        assertThat(statusByDevice(table)).isEqualTo(expected);

        // Older readings arriving late must not overwrite newer ones; newer ones must.
        IotEvents.send(hub, IotEvents.readings(spark, 50, 10, START - 1_000));
        LatestStatusUpsert.start(spark, hub, table.toString(), checkpoint, Trigger.AvailableNow())
                .awaitTermination();
        assertThat(statusByDevice(table)).isEqualTo(expected);
        IotEvents.send(
                hub,
                IotEvents.readings(spark, 10, 10, START + 1_000)
                        .selectExpr("device", "'offline' as status", "timestamp"));
        LatestStatusUpsert.start(spark, hub, table.toString(), checkpoint, Trigger.AvailableNow())
                .awaitTermination();
        assertThat(statusByDevice(table).values()).containsOnly("offline");
        assertThat(delta(table).count()).isEqualTo(10);
    }

    private static Map<String, String> expectedLatest(int firstOfLastRound) {
        String[] statuses = {"ok", "warning", "error"};
        return java.util.stream.IntStream.range(0, 10)
                .boxed()
                .collect(Collectors.toMap(k -> "device-" + k, k -> statuses[(firstOfLastRound + k) % 3]));
    }

    private static Map<String, String> statusByDevice(Path table) {
        return delta(table).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs("device"), r -> r.<String>getAs("status")));
    }

    @Test
    void availableNowIngestsOnlyWhatIsNewOnEachRun(@TempDir Path dir) throws Exception {
        EventHub hub = newHub();
        Path table = dir.resolve("iot");
        String checkpoint = dir.resolve("checkpoint").toString();
        IotEvents.send(hub, IotEvents.readings(spark, 1_500, 10, START));
        assertThat(ScheduledIngest.runOnce(spark, hub, table.toString(), checkpoint))
                .isEqualTo(1_500);
        assertThat(ScheduledIngest.runOnce(spark, hub, table.toString(), checkpoint))
                .isZero();
        IotEvents.send(hub, IotEvents.readings(spark, 700, 10, START + 1_500));
        assertThat(ScheduledIngest.runOnce(spark, hub, table.toString(), checkpoint))
                .isEqualTo(700);
        assertThat(delta(table).count()).isEqualTo(2_200);
        assertThat(delta(table).select("partition", "sequenceNumber").distinct().count())
                .isEqualTo(2_200);
    }

    @Test
    void jsonFilesInAFolderBecomeEvents(@TempDir Path dir) throws Exception {
        EventHub hub = newHub();
        Path folder = Files.createDirectories(dir.resolve("landing"));
        for (int file = 0; file < 3; file++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                lines.append(String.format(
                        "{\"device\":\"device-%d\",\"status\":\"ok\",\"timestamp\":\"2026-01-01T00:%02d:%02dZ\"}%n",
                        i % 5, file, i % 60));
            }
            Files.write(
                    folder.resolve("readings-" + file + ".json"),
                    lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        FilesToEventHubs.start(
                        spark, hub, folder.toString(), dir.resolve("checkpoint").toString(), Trigger.AvailableNow())
                .awaitTermination();

        Dataset<Row> events = IotToDelta.parse(hub.read(spark).load());
        assertThat(events.count()).isEqualTo(300);
        List<Row> perDevice = hub.read(spark)
                .load()
                .groupBy("partitionKey")
                .count()
                .orderBy("partitionKey")
                .collectAsList();
        assertThat(perDevice).hasSize(5);
        assertThat(perDevice).allSatisfy(row -> assertThat(row.getLong(1)).isEqualTo(60));
        assertThat(hub.read(spark)
                        .load()
                        .selectExpr("get_json_object(cast(body as string), '$.device') = partitionKey as same")
                        .where("not same")
                        .count())
                .isZero();
    }
}

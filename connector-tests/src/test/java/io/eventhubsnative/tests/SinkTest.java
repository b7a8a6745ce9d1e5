package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink: {@code df.write} and {@code df.writeStream} with {@code format("eventhubs-native")}, read back with the
 * source; routing by partition id and key; column and row errors.
 */
class SinkTest extends EndToEndTest {

    private static final StructType JSON_SCHEMA =
            new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);

    /** {@code df.write.format("eventhubs-native")} to {@code hub}, append. */
    private void write(Dataset<Row> df, String hub) {
        df.write()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub)
                .mode(SaveMode.Append)
                .save();
    }

    private DataStreamWriter<Row> writeStream(Dataset<Row> df, String hub, Path checkpoint) {
        return df.writeStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub)
                .option("checkpointLocation", checkpoint.toString());
    }

    /** Everything in the hub, read back in batch. */
    private Dataset<Row> readBack(String hub) {
        return spark.read()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub)
                .load();
    }

    @Test
    void fiftyThousandRowsRoundTripWithTheirPropertiesAndRouting() {
        String hub = newHub(4);
        int rows = 50_000;
        // Even ids carry one of 50 partition keys, odd ids name partition id % 4.
        Dataset<Row> df = spark.range(0, rows, 1, 4)
                .selectExpr(
                        "concat('event-', id) AS body",
                        "map('id', cast(id AS string), 'group', cast(id % 7 AS string)) AS properties",
                        "CASE WHEN id % 2 = 0 THEN concat('device-', id % 100) END AS partitionKey",
                        "CASE WHEN id % 2 = 1 THEN cast(id % 4 AS string) END AS partitionId");
        write(df, hub);

        List<Row> back = readBack(hub)
                .selectExpr("cast(body AS string)", "properties", "partitionKey", "partition")
                .collectAsList();
        Set<String> expected = new HashSet<>();
        for (long id = 0; id < rows; id++) {
            Map<String, String> properties = new TreeMap<>();
            properties.put("id", Long.toString(id));
            properties.put("group", Long.toString(id % 7));
            expected.add("event-" + id + " " + properties + " " + (id % 2 == 0 ? "device-" + id % 100 : null));
        }
        Set<String> actual = new HashSet<>();
        Map<String, Set<String>> partitionsByKey = new HashMap<>();
        for (Row row : back) {
            String key = row.getString(2);
            actual.add(row.getString(0) + " " + new TreeMap<>(row.<String, String>getJavaMap(1)) + " " + key);
            if (key == null) {
                long id = Long.parseLong(row.getString(0).substring("event-".length()));
                assertThat(row.getString(3)).as("partition of event %d", id).isEqualTo(Long.toString(id % 4));
            } else {
                partitionsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(row.getString(3));
            }
        }
        assertThat(back).hasSize(rows);
        assertThat(actual).isEqualTo(expected);
        assertThat(partitionsByKey).hasSize(50);
        partitionsByKey.forEach((key, partitions) ->
                assertThat(partitions).as("partitions of key %s", key).hasSize(1));
        assertThat(partitionsByKey.values().stream()
                        .flatMap(Set::stream)
                        .distinct()
                        .count())
                .as("partitions the keys spread over")
                .isGreaterThan(1);
        long stored = 0;
        for (int p = 0; p < 4; p++) {
            stored += hubs.partitionState(hub, Integer.toString(p)).retainedEvents();
        }
        assertThat(stored).isEqualTo(rows);
    }

    @Test
    void tasksReportEventsAndBytesWritten() throws java.util.concurrent.TimeoutException {
        String hub = newHub(2);
        write(spark.range(0, 1000, 1, 2).selectExpr("cast(repeat('x', 10) AS binary) AS body"), hub);
        spark.sparkContext().listenerBus().waitUntilEmpty();
        org.apache.spark.sql.execution.ui.SQLAppStatusStore store =
                spark.sharedState().statusStore();
        List<org.apache.spark.sql.execution.ui.SQLExecutionUIData> executions =
                scala.collection.JavaConverters.seqAsJavaList(store.executionsList());
        org.apache.spark.sql.execution.ui.SQLExecutionUIData last = executions.get(executions.size() - 1);
        Map<Object, String> values =
                scala.collection.JavaConverters.mapAsJavaMap(store.executionMetrics(last.executionId()));
        Map<String, String> byName = new HashMap<>();
        for (org.apache.spark.sql.execution.ui.SQLPlanMetric metric :
                scala.collection.JavaConverters.seqAsJavaList(last.metrics())) {
            byName.put(metric.name(), values.get(metric.accumulatorId()));
        }
        assertThat(byName)
                .containsEntry("events written to Event Hubs", "1000")
                .containsEntry("body bytes written to Event Hubs", "10000");
    }

    @Test
    void eventsReadFromTheSourceWriteBackAfterASelect() {
        String from = newHub(2);
        String to = newHub(2);
        sendToEach(from, 2, 100);
        Dataset<Row> read = readBack(from);
        assertThatThrownBy(() -> write(read, to))
                .satisfies(e -> assertThat(fullText(e))
                        .contains(
                                "[partition, offset, sequenceNumber, enqueuedTime, " + "publisher, systemProperties]"));
        write(read.select("body", "properties", "partitionKey"), to);
        List<Row> copied = readBack(to).selectExpr("cast(body AS string)").collectAsList();
        Set<String> bodies = new HashSet<>();
        copied.forEach(row -> bodies.add(row.getString(0)));
        assertThat(copied).hasSize(200);
        assertThat(bodies).contains("p0-0", "p0-99", "p1-0", "p1-99").hasSize(200);
    }

    @Test
    void rowsGoToTheirPartitionIdOrStayTogetherByKey() {
        String hub = newHub(4);
        // ids < 500 name partition 2; the others carry one of 10 partition keys.
        Dataset<Row> df = spark.range(0, 3000, 1, 3)
                .selectExpr(
                        "concat(id, ':', CASE WHEN id < 500 THEN '' ELSE concat('key-', id % 10) END) AS body",
                        "CASE WHEN id < 500 THEN '2' END AS partitionId",
                        "CASE WHEN id >= 500 THEN concat('key-', id % 10) END AS partitionKey");
        write(df, hub);

        List<Row> back =
                readBack(hub).selectExpr("cast(body AS string)", "partition").collectAsList();
        assertThat(back).hasSize(3000);
        Map<String, Set<String>> partitionsByKey = new HashMap<>();
        for (Row row : back) {
            String[] parts = row.getString(0).split(":", -1);
            if (parts[1].isEmpty()) {
                assertThat(row.getString(1))
                        .as("partition of event %s", parts[0])
                        .isEqualTo("2");
            } else {
                partitionsByKey.computeIfAbsent(parts[1], k -> new HashSet<>()).add(row.getString(1));
            }
        }
        assertThat(partitionsByKey).hasSize(10);
        partitionsByKey.forEach((key, partitions) ->
                assertThat(partitions).as("partitions of key %s", key).hasSize(1));
    }

    @Test
    void maxEventsPerSecondHoldsTheQueryToItsShareOfTheNamespace() {
        String hub = newHub(2);
        // 2,000 events/s for the query, 1,000 for each of its 2 tasks: 5,000 events of 1 KiB per task (batches of
        // about 900) need at least (5,000 - one batch) / 1,000 = 4 s however fast the machine is.
        Dataset<Row> rows = spark.range(10_000)
                .selectExpr("lpad(CAST(id AS STRING), 1024, 'x') AS body")
                .repartition(2);
        long start = System.nanoTime();
        rows.write()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub)
                .option("eventhubs.maxEventsPerSecond", "2000")
                .mode(SaveMode.Append)
                .save();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(readBack(hub).count()).isEqualTo(10_000);
        assertThat(seconds)
                .as("seconds to send 10,000 events at 2,000 a second")
                .isGreaterThanOrEqualTo(4.0);
    }

    @Test
    void aBatchWriteNeedsAppendMode() {
        String hub = newHub(1);
        Dataset<Row> df = spark.range(0, 10, 1, 1).selectExpr("cast(id AS binary) AS body");
        // Spark refuses its default save mode (ErrorIfExists) and Overwrite for a table like an event hub.
        assertThatThrownBy(() -> df.write()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", hubs.connectionString())
                        .option("eventhubs.name", hub)
                        .save())
                .satisfies(e -> assertThat(fullText(e)).contains("Append"));
        assertThatThrownBy(() -> df.write()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", hubs.connectionString())
                        .option("eventhubs.name", hub)
                        .mode(SaveMode.Overwrite)
                        .save())
                .satisfies(e -> assertThat(fullText(e)).contains("truncate"));
        assertThat(hubs.partitionState(hub, "0").isEmpty()).isTrue();
    }

    @Test
    void aStreamFromFilesResumesFromItsCheckpointWithNothingMissing(@TempDir Path dir) throws Exception {
        String hub = newHub(3);
        Path input = Files.createDirectories(dir.resolve("input"));
        Path checkpoint = dir.resolve("sink-checkpoint");
        writeJson(input.resolve("part-0.json"), 0, 1000);
        writeJson(input.resolve("part-1.json"), 1000, 2000);
        Dataset<Row> files =
                spark.readStream().schema(JSON_SCHEMA).json(input.toString()).selectExpr("to_json(struct(*)) AS body");

        StreamingQuery first = writeStream(files, hub, checkpoint).start();
        processAll(first);
        stop(first);
        writeJson(input.resolve("part-2.json"), 2000, 3500);
        writeJson(input.resolve("part-3.json"), 3500, 5000);
        StreamingQuery second = writeStream(files, hub, checkpoint).start();
        processAll(second);
        assertThat(second.lastProgress().sink().description())
                .contains("eventhubs-native:")
                .contains(hub);
        stop(second);

        List<Row> back = readBack(hub)
                .selectExpr("get_json_object(cast(body AS string), '$.id')")
                .collectAsList();
        Set<Long> ids = new HashSet<>();
        for (Row row : back) {
            ids.add(Long.parseLong(row.getString(0)));
        }
        Set<Long> expected = new HashSet<>(range(0, 5000));
        Set<Long> missing = new HashSet<>(expected);
        missing.removeAll(ids);
        long duplicates = back.size() - ids.size();
        System.out.println("SinkTest: streamed 5000 rows in two runs, " + duplicates + " duplicates");
        assertThat(missing).as("ids missing from the hub").isEmpty();
        assertThat(ids).isEqualTo(expected);
        assertThat(duplicates).as("duplicates in a clean run").isZero();
    }

    @Test
    void aggregationsStreamInUpdateAndCompleteMode(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        writeJson(input.resolve("part-0.json"), 0, 100);
        Dataset<Row> counts = spark.readStream()
                .schema(JSON_SCHEMA)
                .json(input.toString())
                .groupBy(org.apache.spark.sql.functions.expr("id % 5").as("bucket"))
                .count()
                .selectExpr("to_json(struct(*)) AS body");
        for (String mode : new String[] {"update", "complete"}) {
            String hub = newHub(2);
            StreamingQuery query = writeStream(counts, hub, dir.resolve("checkpoint-" + mode))
                    .outputMode(mode)
                    .start();
            processAll(query);
            stop(query);
            List<Row> back = readBack(hub).selectExpr("cast(body AS string)").collectAsList();
            assertThat(back).as(mode).hasSize(5);
            assertThat(back.get(0).getString(0)).contains("\"count\":20");
        }
    }

    @Test
    void aMissingOrMistypedBodyFailsBeforeSendingNamingIt() {
        String hub = newHub(1);
        assertThatThrownBy(() -> write(spark.range(3).selectExpr("cast(id AS string) AS value"), hub))
                .satisfies(e -> assertThat(fullText(e))
                        .contains("needs a column 'body'")
                        .contains("[value]")
                        .contains("to_json(struct(*)) AS body"));
        assertThatThrownBy(() -> write(spark.range(3).selectExpr("id AS body"), hub))
                .satisfies(e -> assertThat(fullText(e)).contains("'body' must be binary or string, not bigint"));
        assertThatThrownBy(() -> write(spark.range(3).selectExpr("cast(id AS string) AS body", "id AS partition"), hub))
                .satisfies(e -> assertThat(fullText(e)).contains("[partition]").contains("partitionKey (string)"));
        assertThat(hubs.partitionState(hub, "0").isEmpty()).isTrue();
    }

    @Test
    void aStreamWithoutBodyFailsNamingIt(@TempDir Path dir) throws Exception {
        String hub = newHub(1);
        Path input = Files.createDirectories(dir.resolve("input"));
        writeJson(input.resolve("part-0.json"), 0, 10);
        Dataset<Row> files = spark.readStream().schema(JSON_SCHEMA).json(input.toString());
        StreamingQuery query;
        try {
            query = writeStream(files, hub, dir.resolve("checkpoint")).start();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("needs a column 'body'").contains("[id, name]");
            return;
        }
        StreamingQueryException error = awaitFailure(query, RUN_TIMEOUT_MS);
        assertThat(fullText(error)).contains("needs a column 'body'").contains("[id, name]");
    }

    @Test
    void aRowWithBothPartitionIdAndKeyFailsNamingBothAndItsPosition() {
        String hub = newHub(2);
        Dataset<Row> df = spark.range(0, 5, 1, 1)
                .selectExpr(
                        "cast(id AS string) AS body",
                        "CASE WHEN id = 3 THEN '1' END AS partitionId",
                        "CASE WHEN id >= 3 THEN 'k' END AS partitionKey");
        assertThatThrownBy(() -> write(df, hub))
                .satisfies(e -> assertThat(fullText(e))
                        .contains("row 3 of Spark partition 0")
                        .contains("'partitionId'")
                        .contains("'partitionKey'"));
    }

    @Test
    void anOversizeEventFailsNamingItsPositionAndSize() {
        String hub = newHub(1);
        // The local endpoint, like a Standard namespace, takes events up to 1 MiB.
        Dataset<Row> df = spark.range(0, 3, 1, 1)
                .selectExpr("CASE WHEN id = 2 THEN repeat('x', 2000000) ELSE 'small' END AS body");
        assertThatThrownBy(() -> write(df, hub))
                .satisfies(e -> assertThat(fullText(e))
                        .contains("row 2 of Spark partition 0")
                        .contains("too large")
                        .contains("2000000 bytes"));
    }

    private static void writeJson(Path file, long from, long until) throws IOException {
        List<String> lines = new ArrayList<>();
        for (long id = from; id < until; id++) {
            lines.add("{\"id\":" + id + ",\"name\":\"name-" + id + "\"}");
        }
        // Write beside, then move: the file source must never see a half-written file.
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file);
    }
}

package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batch reads ({@code spark.read().format("eventhubs-native")}) with every form of starting and ending position,
 * mostly against one hub whose three partitions hold sequence numbers 0..19, the first ten enqueued before
 * {@link #between}, the rest after. The ending position is the first event not read.
 */
class BatchReadTest extends EndToEndTest {

    private String hub;
    private Instant between;

    @BeforeAll
    void fillHub() {
        hub = newHub(3);
        between = sendBeforeAndAfter(hub, 3, 10);
    }

    @Test
    void defaultPositionsReadEveryEvent() {
        Dataset<Row> df = read(hub).load();
        assertEveryPartition(sequenceNumbers(df), 0, 20);
        List<String> bodies = new ArrayList<>();
        for (Row row : df.where("partition = '1'")
                .orderBy("sequenceNumber")
                .selectExpr("CAST(body AS STRING)")
                .collectAsList()) {
            bodies.add(row.getString(0));
        }
        assertThat(bodies).hasSize(20).startsWith("p1-0", "p1-1").endsWith("p1-9");
    }

    @Test
    void globalSequenceNumbersEndBeforeTheEndingPosition() {
        assertEveryPartition(
                sequenceNumbers(read(hub)
                        .option("eventhubs.startingPosition", "{\"sequenceNumber\": 5}")
                        .option("eventhubs.endingPosition", "{\"sequenceNumber\": 15}")
                        .load()),
                5,
                15);
    }

    @Test
    void exclusiveSequenceNumbersShiftBothEnds() {
        assertEveryPartition(
                sequenceNumbers(read(hub)
                        .option("eventhubs.startingPosition", "{\"sequenceNumber\": 5, \"inclusive\": false}")
                        .option("eventhubs.endingPosition", "{\"sequenceNumber\": 15, \"inclusive\": false}")
                        .load()),
                6,
                16);
    }

    @Test
    void perPartitionPositionsOverrideTheGlobalOnes() {
        Map<String, List<Long>> read = sequenceNumbers(read(hub)
                .option("eventhubs.startingPosition", "{\"sequenceNumber\": 1}")
                .option("eventhubs.startingPositions", "{\"0\": {\"sequenceNumber\": 3}, \"1\": \"latest\"}")
                .option("eventhubs.endingPosition", "{\"sequenceNumber\": 12}")
                .option(
                        "eventhubs.endingPositions",
                        "{\"0\": {\"sequenceNumber\": 8}, \"1\": \"latest\", \"2\": \"latest\"}")
                .load());
        assertThat(read).containsOnlyKeys("0", "2");
        assertThat(read.get("0")).containsExactlyElementsOf(range(3, 8));
        assertThat(read.get("2")).containsExactlyElementsOf(range(1, 20));
    }

    @Test
    void enqueuedTimesSplitTheHubWithoutOverlap() {
        String at = "{\"enqueuedTime\": \"" + between + "\"}";
        assertEveryPartition(
                sequenceNumbers(read(hub).option("eventhubs.endingPosition", at).load()), 0, 10);
        assertEveryPartition(
                sequenceNumbers(
                        read(hub).option("eventhubs.startingPosition", at).load()),
                10,
                20);
        assertEveryPartition(
                sequenceNumbers(read(hub)
                        .option("eventhubs.startingPosition", "{\"sequenceNumber\": 4}")
                        .option(
                                "eventhubs.endingPositions",
                                "{\"0\": " + at + ", \"1\": " + at + ", \"2\": " + at + "}")
                        .load()),
                4,
                10);
    }

    @Test
    void anEndingBeforeTheStartingPositionFailsNamingBoth() {
        Throwable error = catchThrowable(() -> read(hub)
                .option("eventhubs.startingPosition", "{\"sequenceNumber\": 10}")
                .option("eventhubs.endingPosition", "{\"sequenceNumber\": 5}")
                .load()
                .collectAsList());
        assertThat(error).isNotNull();
        assertThat(fullText(error)).contains("eventhubs.endingPosition", "eventhubs.startingPosition", "lies before");
    }

    @Test
    void anEndingSequenceNumberBeyondTheLastEventFailsNamingTheOption() {
        Throwable error = catchThrowable(() -> read(hub)
                .option("eventhubs.endingPosition", "{\"sequenceNumber\": 1000}")
                .load()
                .collectAsList());
        assertThat(error).isNotNull();
        assertThat(fullText(error)).contains("eventhubs.endingPosition", "1000", "beyond its last event (19)");
    }

    @Test
    void aBatchReadIsRepeatable() {
        String fresh = newHub(2);
        sendToEach(fresh, 2, 6);
        Dataset<Row> all = read(fresh).load();
        Map<String, List<Long>> first = sequenceNumbers(all);
        assertThat(sequenceNumbers(read(fresh).load())).isEqualTo(first);
        assertThat(all.count()).isEqualTo(12);

        Dataset<Row> bounded = read(fresh)
                .option("eventhubs.startingPosition", "{\"sequenceNumber\": 2}")
                .option("eventhubs.endingPosition", "{\"sequenceNumber\": 5}")
                .load();
        Map<String, List<Long>> before = sequenceNumbers(bounded);
        sendToEach(fresh, 2, 4);
        assertThat(sequenceNumbers(bounded)).isEqualTo(before);
        assertThat(before.get("0")).containsExactly(2L, 3L, 4L);
        assertThat(before.get("1")).containsExactly(2L, 3L, 4L);
        // latest is what was enqueued when the read is planned.
        assertThat(read(fresh).load().count()).isEqualTo(20);
    }

    @Test
    void anEmptyHubReadsNothing() {
        String empty = newHub(2);
        assertThat(read(empty).load().count()).isZero();
        assertThat(read(empty).load().rdd().getNumPartitions()).isZero();
    }

    @Test
    void expiredEventsFailByDefaultAndAreSkippedWithoutFailOnDataLoss() {
        String expiring = newHub(2);
        send(expiring, "0", 5);
        send(expiring, "1", 20);
        assertThat(hubs.expire(expiring, "1", 7)).isEqualTo(7);

        Throwable error = catchThrowable(() -> read(expiring)
                .option("eventhubs.startingPosition", "{\"sequenceNumber\": 0}")
                .load()
                .collectAsList());
        assertThat(error).isNotNull();
        assertThat(fullText(error)).contains("partition 1", "[0, 7)", "failOnDataLoss");

        Map<String, List<Long>> read = sequenceNumbers(read(expiring)
                .option("eventhubs.startingPosition", "{\"sequenceNumber\": 0}")
                .option("failOnDataLoss", "false")
                .load());
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 5));
        assertThat(read.get("1")).containsExactlyElementsOf(range(7, 20));
        // earliest is the oldest retained event: no loss.
        assertThat(read(expiring).load().count()).isEqualTo(18);
    }

    private DataFrameReader read(String eventHub) {
        return spark.read()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", eventHub);
    }

    /** Partition id -> sorted sequence numbers (duplicates kept, so they show). */
    private static Map<String, List<Long>> sequenceNumbers(Dataset<Row> df) {
        Map<String, List<Long>> byPartition = new TreeMap<>();
        for (Row row : df.select("partition", "sequenceNumber")
                .orderBy("partition", "sequenceNumber")
                .collectAsList()) {
            byPartition
                    .computeIfAbsent(row.getString(0), p -> new ArrayList<>())
                    .add(row.getLong(1));
        }
        return byPartition;
    }

    private static void assertEveryPartition(Map<String, List<Long>> read, long from, long until) {
        assertThat(read).containsOnlyKeys("0", "1", "2");
        read.forEach((partition, numbers) ->
                assertThat(numbers).as("partition %s", partition).containsExactlyElementsOf(range(from, until)));
    }
}

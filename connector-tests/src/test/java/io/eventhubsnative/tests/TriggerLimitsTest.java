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

/** maxEventsPerTrigger, minEventsPerTrigger with maxTriggerDelay, and Trigger.AvailableNow. */
class TriggerLimitsTest extends EndToEndTest {

    @Test
    void maxEventsPerTriggerBoundsEveryAvailableNowBatch(@TempDir Path dir) {
        String hub = newHub(4);
        send(hub, "0", 40);
        send(hub, "1", 10);
        send(hub, "3", 25);

        StreamingQuery query = availableNow(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("maxEventsPerTrigger", "10")
                        .load(),
                dir);

        List<Long> sizes = batchSizes(query);
        assertThat(sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(10L));
        assertThat(sizes).hasSizeGreaterThanOrEqualTo(8);
        assertThat(rowsRead(query)).isEqualTo(75);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 40));
        assertThat(read.get("1")).containsExactlyElementsOf(range(0, 10));
        assertThat(read.get("3")).containsExactlyElementsOf(range(0, 25));
        assertThat(read).doesNotContainKey("2");
    }

    @Test
    void maxEventsPerTriggerBoundsEveryBatchOfARunningQuery(@TempDir Path dir) {
        String hub = newHub(2);
        send(hub, "0", 30);
        send(hub, "1", 5);
        StreamingQuery query = toDelta(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("maxEventsPerTrigger", "7")
                        .load(),
                dir,
                Trigger.ProcessingTime(0));
        processAll(query);
        send(hub, "1", 12);
        processAll(query);

        assertThat(batchSizes(query)).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(7L));
        assertThat(rowsRead(query)).isEqualTo(47);
        assertThat(deltaCount(dir)).isEqualTo(47);
    }

    /**
     * With the delay out of reach, the 10 events of the second round wait for 40 more, and one batch of 50 takes
     * them all. (How the delay ends the wait is shown against a moving clock in EventHubsMicroBatchStreamTest.)
     */
    @Test
    void minEventsPerTriggerWaitsForEnoughEvents(@TempDir Path dir) {
        String hub = newHub(2);
        sendToEach(hub, 2, 30);
        StreamingQuery query = toDelta(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("minEventsPerTrigger", "50")
                        .option("maxTriggerDelay", "1h")
                        .load(),
                dir,
                Trigger.ProcessingTime("100 milliseconds"));
        await("the first 60 events", Duration.ofSeconds(60), () -> rowsRead(query) == 60);

        sendToEach(hub, 2, 5);
        sendToEach(hub, 2, 20);
        await("the batch of 50", Duration.ofSeconds(60), () -> rowsRead(query) == 110);
        assertThat(batchSizes(query)).containsExactly(60L, 50L);
    }

    @Test
    void availableNowReadsExactlyTheBacklogThatExistedAtStart(@TempDir Path dir) {
        String hub = newHub(2);
        sendToEach(hub, 2, 25);
        StreamingQuery query = toDelta(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("maxEventsPerTrigger", "5")
                        .load(),
                dir,
                Trigger.AvailableNow());
        await(
                "the first batch",
                Duration.ofSeconds(60),
                () -> !batchSizes(query).isEmpty());
        assertThat(query.isActive()).as("still running when more events arrive").isTrue();
        sendToEach(hub, 2, 20);
        awaitEnd(query);

        assertThat(batchSizes(query))
                .hasSizeGreaterThan(1)
                .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(5L));
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 25));
        assertThat(read.get("1")).containsExactlyElementsOf(range(0, 25));

        // The next run picks up exactly what arrived during the first.
        StreamingQuery next = availableNow(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir);
        assertThat(rowsRead(next)).isEqualTo(40);
        read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 45));
        assertThat(read.get("1")).containsExactlyElementsOf(range(0, 45));
    }

    @Test
    void maxEventsPerTriggerStarvesNoPartition(@TempDir Path dir) {
        String hub = newHub(3);
        send(hub, "0", 600);
        send(hub, "1", 4);
        send(hub, "2", 30);
        StreamingQuery query = availableNow(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("maxEventsPerTrigger", "100")
                        .load(),
                dir);

        // The first batch already takes from every partition with a backlog, the small one included.
        String firstEnd = query.recentProgress()[0].sources()[0].endOffset();
        assertThat(firstEnd).contains("\"1\":").doesNotContain("\"1\":0").doesNotContain("\"2\":0");
        assertThat(query.recentProgress()[0].numInputRows()).isEqualTo(100);
        assertThat(batchSizes(query)).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(100L));
        assertThat(deltaCount(dir)).isEqualTo(634);
    }

    @Test
    void triggerOnceReadsTheWholeBacklogInOneBatch(@TempDir Path dir) {
        String hub = newHub(2);
        sendToEach(hub, 2, 20);
        StreamingQuery query = toDelta(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("maxEventsPerTrigger", "5")
                        .load(),
                dir,
                Trigger.Once());
        awaitEnd(query);
        assertThat(batchSizes(query)).containsExactly(40L);
        assertThat(deltaCount(dir)).isEqualTo(40);
    }
}

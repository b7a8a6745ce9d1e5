package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events that expire (retention) before they are read: fail by default, or skip them and count them.
 *
 * <p>The expired events are always in a partition no receive link has read yet: a link kept open between
 * micro-batches may already hold (prefetched) events that expire afterwards on the service, and delivering those is
 * fine, but it would make "lost" depend on timing.
 */
class DataLossTest extends EndToEndTest {

    @Test
    void expiredEventsFailTheQueryByDefaultAndAreSkippedAndCountedWithoutFailOnDataLoss(@TempDir Path dir) {
        String hub = newHub(2);
        send(hub, "0", 10);
        availableNow(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir);
        assertThat(deltaCount(dir)).isEqualTo(10);

        // Partition 1 gets events 0..19, and 0..6 expire before the next run.
        send(hub, "0", 3);
        send(hub, "1", 20);
        assertThat(hubs.expire(hub, "1", 7)).isEqualTo(7);

        StreamingQuery failing = toDelta(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir, Trigger.AvailableNow());
        StreamingQueryException error = awaitFailure(failing, RUN_TIMEOUT_MS);
        assertThat(error.getMessage())
                .contains("partition 1")
                .contains("[0, 7)")
                .contains("failOnDataLoss");
        assertThat(deltaCount(dir)).isEqualTo(10);

        StreamingQuery lenient = availableNow(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("failOnDataLoss", "false")
                        .load(),
                dir);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 13));
        assertThat(read.get("1")).containsExactlyElementsOf(range(7, 20));
        assertThat(lenient.lastProgress().sources()[0].metrics()).containsEntry("eventsLost", "7");
    }

    @Test
    void aRunningQuerySkipsExpiredEventsAndCountsThemOnce(@TempDir Path dir) {
        String hub = newHub(2);
        send(hub, "0", 10);
        // A trigger interval far longer than a send and an expiry: nothing is read between the two.
        StreamingQuery query = toDelta(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("failOnDataLoss", "false")
                        .load(),
                dir,
                Trigger.ProcessingTime("2 seconds"));
        processAll(query);
        assertThat(sequenceNumbers(dir).get("0")).containsExactlyElementsOf(range(0, 10));

        send(hub, "1", 10);
        hubs.expire(hub, "1", 4);
        processAll(query);
        assertThat(sequenceNumbers(dir).get("1")).containsExactlyElementsOf(range(4, 10));
        assertThat(query.lastProgress().sources()[0].metrics()).containsEntry("eventsLost", "4");

        send(hub, "0", 2);
        send(hub, "1", 3);
        processAll(query);
        assertThat(sequenceNumbers(dir).get("0")).containsExactlyElementsOf(range(0, 12));
        assertThat(sequenceNumbers(dir).get("1")).containsExactlyElementsOf(range(4, 13));
        assertThat(query.lastProgress().sources()[0].metrics()).containsEntry("eventsLost", "4");
    }
}

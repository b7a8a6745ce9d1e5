package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop and restart with the same checkpoint: every event lands in Delta exactly once; the offset log holds the
 * legacy connector's offsets JSON, and a checkpoint whose offsets log was written by hand in that format resumes.
 */
class RestartTest extends EndToEndTest {

    @Test
    void stopMidwaySendMoreAndRestartReadsEveryEventExactlyOnce(@TempDir Path dir) {
        String hub = newHub(4);
        sendToEach(hub, 4, 100);

        StreamingQuery first = toDelta(limited(hub, 20), dir, Trigger.ProcessingTime(0));
        await(
                "two non-empty batches",
                Duration.ofSeconds(60),
                () -> batchSizes(first).size() >= 2);
        stop(first);
        assertThat(batchSizes(first)).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(20L));
        assertThat(deltaCount(dir))
                .as("stopped mid-way")
                .isGreaterThanOrEqualTo(40)
                .isLessThan(400);

        sendToEach(hub, 4, 25);
        StreamingQuery second = availableNow(limited(hub, 100), dir);
        assertThat(batchSizes(second)).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(100L));

        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read).containsOnlyKeys("0", "1", "2", "3");
        read.forEach((partition, numbers) ->
                assertThat(numbers).as("partition %s", partition).containsExactlyElementsOf(range(0, 125)));
        assertThat(deltaCount(dir)).isEqualTo(500);
    }

    @Test
    void offsetLogHoldsTheLegacyOffsetsJson(@TempDir Path dir) throws IOException {
        String hub = newHub(2);
        send(hub, "0", 10);
        send(hub, "1", 4);
        availableNow(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir);

        List<String> lines =
                Files.readAllLines(checkpoint(dir).resolve("offsets").resolve("0"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("v1");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("{\"" + hub + "\":{\"0\":10,\"1\":4}}");
    }

    @Test
    void handWrittenLegacyOffsetsResume(@TempDir Path dir, @TempDir Path legacy) throws IOException {
        String hub = newHub(2);
        send(hub, "0", 10);
        send(hub, "1", 4);
        // A real run gives a metadata line to copy; the legacy checkpoint below only borrows it.
        availableNow(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir);
        List<String> lines =
                Files.readAllLines(checkpoint(dir).resolve("offsets").resolve("0"), StandardCharsets.UTF_8);

        // What azure-event-hubs-spark leaves behind: batch 0 committed at {"hub":{"0":6,"1":1}}.
        Path offsets = Files.createDirectories(checkpoint(legacy).resolve("offsets"));
        Path commits = Files.createDirectories(checkpoint(legacy).resolve("commits"));
        Files.writeString(
                offsets.resolve("0"),
                "v1\n" + lines.get(1) + "\n{\"" + hub + "\":{\"0\":6,\"1\":1}}",
                StandardCharsets.UTF_8);
        Files.writeString(commits.resolve("0"), "v1\n{\"nextBatchWatermarkMs\":0}", StandardCharsets.UTF_8);
        send(hub, "0", 2);

        // startingPosition must not matter: the checkpoint wins.
        availableNow(stream(hub).option("eventhubs.startingPosition", "latest").load(), legacy);
        Map<String, List<Long>> read = sequenceNumbers(legacy);
        assertThat(read.get("0")).containsExactlyElementsOf(range(6, 12));
        assertThat(read.get("1")).containsExactlyElementsOf(range(1, 4));
    }

    @Test
    void aCheckpointOfAnotherHubIsRefused(@TempDir Path dir) {
        String hub = newHub(1);
        String other = newHub(1);
        send(hub, "0", 3);
        send(other, "0", 3);
        availableNow(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir);
        send(other, "0", 1);
        StreamingQuery query = toDelta(
                stream(other).option("eventhubs.startingPosition", "earliest").load(), dir, Trigger.AvailableNow());
        StreamingQueryException error = awaitFailure(query, RUN_TIMEOUT_MS);
        assertThat(fullText(error)).contains(hub).contains(other).contains("checkpointLocation");
    }

    private Dataset<Row> limited(String hub, int maxEvents) {
        return stream(hub)
                .option("eventhubs.startingPosition", "earliest")
                .option("maxEventsPerTrigger", maxEvents)
                .load();
    }
}

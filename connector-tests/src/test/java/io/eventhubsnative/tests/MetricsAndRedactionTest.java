package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.LocalEventHubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events-behind-latest source metrics, and no secret in progress, explain output or the checkpoint. */
class MetricsAndRedactionTest extends EndToEndTest {

    @Test
    void progressReportsEventsBehindLatest(@TempDir Path dir) {
        String hub = newHub(2);
        send(hub, "0", 20);
        send(hub, "1", 5);
        StreamingQuery query = availableNow(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("maxEventsPerTrigger", "10")
                        .load(),
                dir);

        StreamingQueryProgress[] progress = query.recentProgress();
        Map<String, String> first = progress[0].sources()[0].metrics();
        assertThat(progress[0].numInputRows()).isEqualTo(10);
        assertThat(first).containsKeys("minEventsBehindLatest", "avgEventsBehindLatest", "maxEventsBehindLatest");
        long min = Long.parseLong(first.get("minEventsBehindLatest"));
        long max = Long.parseLong(first.get("maxEventsBehindLatest"));
        assertThat(min + max).as("15 events of 25 left after the first batch").isEqualTo(15);
        assertThat(min).isLessThanOrEqualTo(max);
        assertThat(Double.parseDouble(first.get("avgEventsBehindLatest"))).isEqualTo(7.5);

        Map<String, String> last = query.lastProgress().sources()[0].metrics();
        assertThat(last).containsEntry("minEventsBehindLatest", "0").containsEntry("maxEventsBehindLatest", "0");
        assertThat(Double.parseDouble(last.get("avgEventsBehindLatest"))).isZero();
    }

    @Test
    void noSecretInProgressExplainOrCheckpoint(@TempDir Path dir) throws IOException {
        String hub = newHub(2);
        sendToEach(hub, 2, 3);
        String connectionString = hubs.connectionString();
        Dataset<Row> df =
                stream(hub).option("eventhubs.startingPosition", "earliest").load();
        StreamingQuery query = toDelta(df, dir, Trigger.ProcessingTime(0));
        processAll(query);

        SourceProgress source = query.lastProgress().sources()[0];
        String explain = ((StreamingQueryWrapper) query).streamingQuery().explainInternal(true);
        String plan = df.queryExecution().toString();
        assertThat(source.description()).contains(hub);
        for (String text : List.of(
                source.description(), source.json(), query.lastProgress().json(), explain, plan, query.toString())) {
            assertNoSecret(text, LocalEventHubs.DEFAULT_KEY, connectionString);
        }
        stop(query);

        try (Stream<Path> files = Files.walk(checkpoint(dir))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as("checkpoint file %s", file).doesNotContain(LocalEventHubs.DEFAULT_KEY);
            }
        }
    }
}

package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How far behind a query is in time: the source metrics name the enqueued time of the oldest unread event and its
 * age, beside the events-behind figures, without reading events for it.
 */
class TimeBehindTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachProgressNamesTheEnqueuedTimeOfTheOldestUnreadEvent(@TempDir Path dir) throws Exception {
        String hub = newHub(1);
        send(hub, "0", 10);
        List<Timestamp> enqueued = spark.read()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub)
                .load()
                .orderBy("sequenceNumber")
                .select("enqueuedTime")
                .as(Encoders.TIMESTAMP())
                .collectAsList();

        StreamingQuery query = availableNow(
                stream(hub)
                        .option("eventhubs.startingPosition", "earliest")
                        .option("maxEventsPerTrigger", "2")
                        .load(),
                dir);

        int reported = 0;
        StreamingQueryProgress[] progress = query.recentProgress();
        for (StreamingQueryProgress batch : progress) {
            Map<String, String> metrics = batch.sources()[0].metrics();
            int consumed = JSON.readTree(batch.sources()[0].endOffset())
                    .path(hub)
                    .path("0")
                    .asInt();
            if (consumed < 10 && metrics.containsKey("oldestUnreadEnqueuedTime")) {
                reported++;
                assertThat(metrics.get("oldestUnreadEnqueuedTime"))
                        .as("batch %d, which read up to event %d", batch.batchId(), consumed)
                        .isEqualTo(enqueued.get(consumed).toInstant().toString());
                assertThat(Long.parseLong(metrics.get("maxMsBehindLatest"))).isGreaterThanOrEqualTo(0);
            }
        }
        // The first batch's link may close before the next event arrives; later ones hold it already.
        assertThat(reported).as("progress reports with a time behind").isGreaterThanOrEqualTo(2);
        Map<String, String> last = progress[progress.length - 1].sources()[0].metrics();
        assertThat(last).containsEntry("maxMsBehindLatest", "0").doesNotContainKey("oldestUnreadEnqueuedTime");
    }
}

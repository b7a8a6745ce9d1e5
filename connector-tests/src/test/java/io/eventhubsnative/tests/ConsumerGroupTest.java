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

/** {@code eventhubs.consumerGroup}: reads through the named group; a group that does not exist fails readably. */
class ConsumerGroupTest extends EndToEndTest {

    @Test
    void readsThroughTheNamedConsumerGroup(@TempDir Path dir) {
        String hub = newHub(2);
        hubs.addConsumerGroup(hub, "analytics");
        sendToEach(hub, 2, 6);
        availableNow(
                stream(hub)
                        .option("eventhubs.consumerGroup", "analytics")
                        .option("eventhubs.startingPosition", "earliest")
                        .load(),
                dir);
        Map<String, List<Long>> read = sequenceNumbers(dir);
        assertThat(read.get("0")).containsExactlyElementsOf(range(0, 6));
        assertThat(read.get("1")).containsExactlyElementsOf(range(0, 6));
        for (String p : List.of("0", "1")) {
            assertThat(hubs.counters().linksAttached(hub + "/ConsumerGroups/analytics/Partitions/" + p))
                    .isEqualTo(1);
            assertThat(hubs.counters().linksAttached(hub + "/ConsumerGroups/$Default/Partitions/" + p))
                    .isZero();
        }
    }

    @Test
    void anUnknownConsumerGroupFailsNamingIt(@TempDir Path dir) {
        String hub = newHub(1);
        send(hub, "0", 3);
        StreamingQuery query = toDelta(
                stream(hub)
                        .option("eventhubs.consumerGroup", "no-such-group")
                        .option("eventhubs.startingPosition", "earliest")
                        .option("eventhubs.receiverTimeout", "10s")
                        .load(),
                dir,
                Trigger.AvailableNow());
        StreamingQueryException error = awaitFailure(query, 40_000);
        assertThat(error.getMessage()).contains("no-such-group");
    }
}

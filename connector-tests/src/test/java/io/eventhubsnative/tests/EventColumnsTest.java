package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 events sent with the real SDK (partition keys, application properties) over 4 partitions land in a
 * Delta table with every column right.
 */
class EventColumnsTest extends EndToEndTest {

    private static final int EVENTS = 10_000;
    private static final String[] KEYS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};

    @Test
    void everyColumnOfTenThousandKeyedEventsLandsInDelta(@TempDir Path dir) {
        String hub = newHub(4);
        Instant sendStart = Instant.now();
        for (int k = 0; k < KEYS.length; k++) {
            List<EventData> events = new ArrayList<>();
            for (int i = k; i < EVENTS; i += KEYS.length) {
                EventData event = new EventData(("event-" + i).getBytes(StandardCharsets.UTF_8));
                event.getProperties().put("index", Integer.toString(i));
                event.getProperties().put("key", KEYS[k]);
                event.getProperties().put("count", i);
                event.setMessageId("m-" + i);
                event.setContentType("text/plain");
                event.setCorrelationId("c-" + KEYS[k]);
                events.add(event);
            }
            send(hub, new CreateBatchOptions().setPartitionKey(KEYS[k]), events);
        }
        Instant sendEnd = Instant.now();

        availableNow(
                stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir);

        StructType schema = delta(dir).schema();
        assertThat(schema.fieldNames())
                .containsExactly(
                        "body",
                        "partition",
                        "offset",
                        "sequenceNumber",
                        "enqueuedTime",
                        "publisher",
                        "partitionKey",
                        "properties",
                        "systemProperties");
        assertThat(schema.apply("body").dataType()).isEqualTo(DataTypes.BinaryType);
        assertThat(schema.apply("partition").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(schema.apply("offset").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(schema.apply("sequenceNumber").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(schema.apply("enqueuedTime").dataType()).isEqualTo(DataTypes.TimestampType);
        assertThat(schema.apply("publisher").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(schema.apply("partitionKey").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(schema.apply("properties").dataType())
                .isEqualTo(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true));
        assertThat(schema.apply("systemProperties").dataType())
                .isEqualTo(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true));

        List<Row> rows = delta(dir).collectAsList();
        assertThat(rows).hasSize(EVENTS);
        Set<Integer> indexes = new HashSet<>();
        Map<String, String> partitionOfKey = new HashMap<>();
        Map<String, Set<Long>> sequenceNumbers = new HashMap<>();
        Map<String, Set<String>> offsets = new HashMap<>();
        for (Row row : rows) {
            String body = new String((byte[]) row.getAs("body"), StandardCharsets.UTF_8);
            assertThat(body).startsWith("event-");
            int index = Integer.parseInt(body.substring("event-".length()));
            assertThat(indexes.add(index)).as("event %s read once", index).isTrue();
            String key = KEYS[index % KEYS.length];

            String partition = row.getAs("partition");
            assertThat(partition).isIn("0", "1", "2", "3");
            assertThat(partitionOfKey.computeIfAbsent(key, k -> partition))
                    .as("all events of key %s in one partition", key)
                    .isEqualTo(partition);
            assertThat((String) row.getAs("partitionKey")).isEqualTo(key);
            assertThat((String) row.getAs("publisher")).isNull();

            String offset = row.getAs("offset");
            assertThat(offset).isNotBlank();
            assertThat(offsets.computeIfAbsent(partition, p -> new HashSet<>()).add(offset))
                    .as("offset %s unique in partition %s", offset, partition)
                    .isTrue();
            long sequenceNumber = row.getAs("sequenceNumber");
            sequenceNumbers.computeIfAbsent(partition, p -> new HashSet<>()).add(sequenceNumber);

            Instant enqueued = ((Timestamp) row.getAs("enqueuedTime")).toInstant();
            assertThat(enqueued).isBetween(sendStart.minusSeconds(2), sendEnd.plusSeconds(2));

            Map<String, String> properties = row.getJavaMap(row.fieldIndex("properties"));
            assertThat(properties)
                    .containsOnly(
                            Map.entry("index", Integer.toString(index)),
                            Map.entry("key", key),
                            Map.entry("count", Integer.toString(index)));

            Map<String, String> system = row.getJavaMap(row.fieldIndex("systemProperties"));
            assertThat(system)
                    .isNotNull()
                    .containsEntry("x-opt-partition-key", key)
                    .containsEntry("x-opt-sequence-number", Long.toString(sequenceNumber))
                    .containsEntry("x-opt-offset", offset)
                    .containsEntry("x-opt-enqueued-time", enqueued.toString())
                    .containsEntry("message-id", "m-" + index)
                    .containsEntry("content-type", "text/plain")
                    .containsEntry("correlation-id", "c-" + key)
                    .doesNotContainKeys("absolute-expiry-time", "user-id", "to");
        }
        assertThat(indexes).hasSize(EVENTS);
        assertThat(partitionOfKey.values()).as("keys spread over partitions").hasSizeGreaterThan(1);
        // Sequence numbers are 0..n-1 in every partition that received events: nothing missed, nothing doubled.
        long total = 0;
        for (Map.Entry<String, Set<Long>> entry : sequenceNumbers.entrySet()) {
            int n = entry.getValue().size();
            assertThat(entry.getValue())
                    .as("sequence numbers of partition %s", entry.getKey())
                    .containsExactlyInAnyOrderElementsOf(range(0, n));
            assertThat(hubs.partitionState(hub, entry.getKey()).lastSequenceNumber())
                    .isEqualTo(n - 1);
            total += n;
        }
        assertThat(total).isEqualTo(EVENTS);
    }
}

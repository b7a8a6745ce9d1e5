package io.eventhubsnative.local.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.store.EventStore;
import io.eventhubsnative.local.store.Hub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The keys of the {@code $management} answers, each SDK's required ones included: the Java, Python and JavaScript SDKs
 * read only some, but azeventhubs v2 (Go) refuses a hub answer without {@code georeplication_factor}, and
 * azure_messaging_eventhubs (Rust) a partition answer without {@code last_enqueued_sequence_number_epoch}.
 */
class ManagementAnswersTest {

    private final Hub hub = new EventStore().createHub("orders", 2, List.of("$Default"));

    @Test
    void aHubAnswerCarriesWhatTheServiceSends() {
        Map<String, Object> answer = ManagementLink.hubProperties(hub);
        assertThat(answer)
                .containsOnlyKeys(
                        "name", "type", "created_at", "partition_count", "partition_ids", "georeplication_factor")
                .containsEntry("partition_ids", new String[] {"0", "1"})
                // An int, which go-amqp decodes as int32: azeventhubs accepts any integer type but no other.
                .containsEntry("georeplication_factor", 1);
    }

    @Test
    void aPartitionAnswerCarriesWhatTheServiceSends() {
        hub.partition("1").append(new byte[] {0x00, 0x53, 0x75, (byte) 0xa0, 0x00}, null, Map.of());
        Map<String, Object> answer = ManagementLink.partitionProperties(hub, hub.partition("1"));
        assertThat(answer)
                .containsOnlyKeys(
                        "name",
                        "type",
                        "partition",
                        "begin_sequence_number_epoch",
                        "begin_sequence_number",
                        "last_enqueued_sequence_number_epoch",
                        "last_enqueued_sequence_number",
                        "last_enqueued_offset",
                        "last_enqueued_time_utc",
                        "is_partition_empty")
                .containsEntry("begin_sequence_number_epoch", 0L)
                .containsEntry("last_enqueued_sequence_number_epoch", 0L)
                .containsEntry("last_enqueued_sequence_number", 0L)
                .containsEntry("is_partition_empty", false);
    }
}

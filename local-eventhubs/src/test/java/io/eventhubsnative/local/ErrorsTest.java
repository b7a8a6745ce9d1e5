package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the SDK reports for entities that do not exist, out-of-range partitions and oversize events. */
@Timeout(60)
class ErrorsTest {

    private static final String NOT_FOUND_PATTERN = "(?s).*The messaging entity .* could not be found.*";
    private static LocalEventHubs hubs;

    @BeforeAll
    static void start() {
        hubs = LocalEventHubs.builder()
                .hub("real", 2, "known")
                .hub("sizes", 1)
                .hub("raw", 1)
                .start();
    }

    @AfterAll
    static void stop() {
        hubs.close();
    }

    /** The error must be a non-transient AmqpException with this condition, and arrive without retries or timeouts. */
    private static AmqpException assertFails(AmqpErrorCondition condition, ThrowingCallable call) {
        long start = System.nanoTime();
        AmqpException[] caught = new AmqpException[1];
        assertThatThrownBy(call).satisfies(error -> {
            caught[0] = Sdk.amqpCause(error);
            assertThat(caught[0].getErrorCondition())
                    .as(String.valueOf(caught[0]))
                    .isEqualTo(condition);
            assertThat(caught[0].isTransient()).isFalse();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        return caught[0];
    }

    @Test
    void unknownHubIsNotFound() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, "no-such-hub").buildProducerClient();
                EventHubConsumerAsyncClient consumer =
                        Sdk.builder(hubs, "no-such-hub").buildAsyncConsumerClient()) {
            AmqpException send =
                    assertFails(AmqpErrorCondition.NOT_FOUND, () -> producer.send(List.of(new EventData("x"))));
            assertThat(send.getMessage()).matches(NOT_FOUND_PATTERN).contains("no-such-hub");
            AmqpException management = assertFails(AmqpErrorCondition.NOT_FOUND, producer::getEventHubProperties);
            assertThat(management.getMessage()).matches(NOT_FOUND_PATTERN);
            AmqpException receive = assertFails(
                    AmqpErrorCondition.NOT_FOUND,
                    () -> consumer.receiveFromPartition("0", EventPosition.earliest())
                            .blockFirst(Sdk.WAIT));
            assertThat(receive.getMessage()).matches(NOT_FOUND_PATTERN);
        }
    }

    @Test
    void unknownConsumerGroupIsNotFound() {
        try (EventHubConsumerAsyncClient consumer =
                        Sdk.builder(hubs, "real").consumerGroup("no-such-group").buildAsyncConsumerClient();
                EventHubConsumerAsyncClient known =
                        Sdk.builder(hubs, "real").consumerGroup("KNOWN").buildAsyncConsumerClient()) {
            AmqpException error = assertFails(
                    AmqpErrorCondition.NOT_FOUND,
                    () -> consumer.receiveFromPartition("0", EventPosition.earliest())
                            .blockFirst(Sdk.WAIT));
            assertThat(error.getMessage()).matches(NOT_FOUND_PATTERN).contains("no-such-group");
            // Consumer groups that exist are found case-insensitively, as on the service; they just have no events yet.
            assertThat(known.receiveFromPartition("0", EventPosition.earliest())
                            .take(Duration.ofMillis(300))
                            .collectList()
                            .block(Sdk.WAIT))
                    .isEmpty();
        }
        hubs.addConsumerGroup("real", "no-such-group");
        try (EventHubConsumerAsyncClient consumer =
                Sdk.builder(hubs, "real").consumerGroup("no-such-group").buildAsyncConsumerClient()) {
            assertThat(consumer.receiveFromPartition("0", EventPosition.earliest())
                            .take(Duration.ofMillis(300))
                            .collectList()
                            .block(Sdk.WAIT))
                    .isEmpty();
        }
    }

    @Test
    void partitionOutOfRange() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, "real").buildProducerClient();
                EventHubConsumerAsyncClient consumer = Sdk.builder(hubs, "real").buildAsyncConsumerClient()) {
            for (String partitionId : List.of("2", "17", "-1", "abc")) {
                AmqpException send = assertFails(
                        AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR,
                        () -> producer.send(
                                List.of(new EventData("x")), new SendOptions().setPartitionId(partitionId)));
                assertThat(send.getMessage()).contains("'" + partitionId + "'").contains("between 0 and 1");
                assertFails(
                        AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR,
                        () -> consumer.receiveFromPartition(partitionId, EventPosition.earliest())
                                .blockFirst(Sdk.WAIT));
            }
            // $management answers 400, which the SDK maps to IllegalArgumentException.
            assertThatThrownBy(() -> producer.getPartitionProperties("2"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'2'");
            // Nothing was stored anywhere.
            assertThat(hubs.partitionState("real", "0").isEmpty()).isTrue();
            assertThat(hubs.partitionState("real", "1").isEmpty()).isTrue();
        }
    }

    @Test
    void oversizeEventIsRefusedByTheSdkFromTheAdvertisedLinkSize() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, "sizes").buildProducerClient()) {
            EventDataBatch batch = producer.createBatch();
            // The SDK sizes batches from the max-message-size the endpoint puts on the send link's attach.
            assertThat(batch.getMaxSizeInBytes()).isEqualTo(1024 * 1024);
            EventData oversize = new EventData(new byte[1024 * 1024 + 1]);
            assertThatThrownBy(() -> batch.tryAdd(oversize))
                    .isInstanceOfSatisfying(
                            AmqpException.class,
                            e -> assertThat(e.getErrorCondition())
                                    .isEqualTo(AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED));
            assertThatThrownBy(() -> producer.send(List.of(oversize)))
                    .satisfies(e -> assertThat(Sdk.amqpCause(e).getErrorCondition())
                            .isEqualTo(AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED));
            // Just under the limit (leaving room for the message's own sections) is fine.
            assertThat(batch.tryAdd(new EventData(new byte[1000 * 1024]))).isTrue();
            producer.send(batch);
            assertThat(hubs.partitionState("sizes", "0").retainedEvents()).isEqualTo(1);
        }
    }

    @Test
    void oversizeTransferFromARawClientIsRejectedByTheEndpoint() throws Exception {
        // The SDK never sends beyond the advertised size, so a bare proton-j client checks the endpoint's own limit.
        String token = Sdk.sasToken(
                "sb://localhost/raw",
                LocalEventHubs.DEFAULT_KEY_NAME,
                LocalEventHubs.DEFAULT_KEY,
                Instant.now().plusSeconds(600));
        DeliveryState tooBig = RawAmqpSender.send(hubs, token, "raw/Partitions/0", new byte[1024 * 1024 + 1]);
        assertThat(tooBig).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.getError().getCondition().toString()).isEqualTo("amqp:link:message-size-exceeded");
            assertThat(rejected.getError().getDescription()).contains("1048576");
        });
        assertThat(hubs.partitionState("raw", "0").isEmpty()).isTrue();

        DeliveryState fits = RawAmqpSender.send(hubs, token, "raw/Partitions/0", new byte[512 * 1024]);
        assertThat(fits).isInstanceOf(Accepted.class);
        assertThat(hubs.partitionState("raw", "0").retainedEvents()).isEqualTo(1);
    }

    @Test
    void smallerMaxMessageSizeIsWhatTheSdkUses() {
        try (LocalEventHubs small = LocalEventHubs.builder()
                        .hub("small", 1)
                        .maxMessageSize(64 * 1024)
                        .start();
                EventHubProducerClient producer = Sdk.builder(small, "small").buildProducerClient()) {
            EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId("0"));
            assertThat(batch.getMaxSizeInBytes()).isEqualTo(64 * 1024);
            assertThatThrownBy(() -> batch.tryAdd(new EventData(new byte[100 * 1024])))
                    .isInstanceOf(AmqpException.class);
            int added = 0;
            while (batch.tryAdd(new EventData(new byte[1024]))) {
                added++;
            }
            // About 60 events of 1 KiB fit into 64 KiB, then the batch is full.
            assertThat(added).isBetween(50, 63);
            producer.send(batch);
            assertThat(small.partitionState("small", "0").retainedEvents()).isEqualTo(added);
            // Asking for a batch larger than the link allows is refused up front.
            assertThatThrownBy(() -> producer.createBatch(new CreateBatchOptions().setMaximumSizeInBytes(128 * 1024)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

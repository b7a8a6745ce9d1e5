package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A namespace quota as the service enforces it: sends beyond it refused with {@code com.microsoft:server-busy} and the
 * service's text, per namespace and per partition, and receivers paced to the egress rate. Checks are bounds that a
 * slow machine cannot break: a refusal right after a send that spent many seconds of quota, and a least duration.
 */
@Timeout(120)
class QuotaTest {

    private static final long PLENTY = 100_000_000L;

    private static List<EventData> events(int count, int size) {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new EventData(new byte[size]));
        }
        return events;
    }

    /** The SDK's error, under the retry wrapper it comes in when retries are exhausted. */
    private static AmqpException amqpCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AmqpException) {
                return (AmqpException) cause;
            }
        }
        throw new AssertionError("no AmqpException in " + error, error);
    }

    private static EventHubProducerClient producer(LocalEventHubs hubs, String hub) {
        return Sdk.builder(hubs, hub)
                .retryOptions(new AmqpRetryOptions().setMaxRetries(0).setTryTimeout(Duration.ofSeconds(10)))
                .buildProducerClient();
    }

    @Test
    void aSendBeyondTheNamespacesEventQuotaIsRefusedAsServerBusy() {
        // 20 events/s: a batch of 400 spends 20 seconds of it.
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                        .hub("in", 2)
                        .quota(new Quota(PLENTY, 20, PLENTY, PLENTY, PLENTY, PLENTY))
                        .start();
                EventHubProducerClient producer = producer(hubs, "in")) {
            producer.send(events(400, 10), new SendOptions().setPartitionId("0"));
            assertThatThrownBy(() -> producer.send(events(1, 10), new SendOptions().setPartitionId("1")))
                    .satisfies(e -> {
                        AmqpException refusal = amqpCause(e);
                        assertThat(refusal.getErrorCondition()).isEqualTo(AmqpErrorCondition.SERVER_BUSY_ERROR);
                        assertThat(refusal.isTransient()).isTrue();
                        assertThat(refusal.getMessage()).contains("being throttled. Error code : 50002");
                    });
            assertThat(hubs.counters().sendsThrottled()).isEqualTo(1);
            assertThat(hubs.partitionState("in", "1").isEmpty())
                    .as("partition 1 after the refusal")
                    .isTrue();
        }
    }

    @Test
    void aPartitionHasItsOwnByteQuota() {
        // 10 kB/s per partition: a 200 kB batch spends 20 seconds of partition 0's quota, none of partition 1's.
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                        .hub("in", 2)
                        .quota(new Quota(PLENTY, PLENTY, PLENTY, PLENTY, 10_000, PLENTY))
                        .start();
                EventHubProducerClient producer = producer(hubs, "in")) {
            producer.send(events(200, 1_000), new SendOptions().setPartitionId("0"));
            assertThatThrownBy(() -> producer.send(events(1, 10), new SendOptions().setPartitionId("0")))
                    .satisfies(e -> assertThat(amqpCause(e).getErrorCondition())
                            .isEqualTo(AmqpErrorCondition.SERVER_BUSY_ERROR));
            producer.send(events(5, 1_000), new SendOptions().setPartitionId("1"));
        }
    }

    @Test
    void aReceiverGetsEventsNoFasterThanTheEgressQuota() {
        // 200 events/s out: 1,000 events take at least (1,000 - 200 of the first second's tokens) / 200 = 4 s.
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                        .hub("out", 1)
                        .quota(new Quota(PLENTY, PLENTY, PLENTY, 200, PLENTY, PLENTY))
                        .start();
                EventHubProducerClient producer = producer(hubs, "out");
                EventHubConsumerClient consumer = Sdk.builder(hubs, "out").buildConsumerClient()) {
            for (int i = 0; i < 10; i++) {
                producer.send(events(100, 100), new SendOptions().setPartitionId("0"));
            }
            long start = System.nanoTime();
            List<Long> sequenceNumbers = new ArrayList<>();
            while (sequenceNumbers.size() < 1_000) {
                EventPosition from = sequenceNumbers.isEmpty()
                        ? EventPosition.earliest()
                        : EventPosition.fromSequenceNumber(sequenceNumbers.get(sequenceNumbers.size() - 1));
                consumer.receiveFromPartition("0", 1_000 - sequenceNumbers.size(), from, Duration.ofSeconds(30))
                        .forEach(e -> sequenceNumbers.add(e.getData().getSequenceNumber()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(sequenceNumbers).doesNotHaveDuplicates().hasSize(1_000);
            assertThat(seconds)
                    .as("seconds to receive 1,000 events at 200 a second")
                    .isGreaterThanOrEqualTo(3.9);
        }
    }

    @Test
    void throughputUnitsHaveTheStandardTiersFigures() {
        Quota two = Quota.throughputUnits(2);
        assertThat(two.ingressBytes()).isEqualTo(2_000_000L);
        assertThat(two.ingressEvents()).isEqualTo(2_000L);
        assertThat(two.egressBytes()).isEqualTo(4_000_000L);
        assertThat(two.egressEvents()).isEqualTo(8_192L);
        assertThat(two.partitionIngressBytes()).isEqualTo(1_000_000L);
        assertThatThrownBy(() -> Quota.throughputUnits(0)).hasMessageContaining("1 to 40 throughput units");
    }
}

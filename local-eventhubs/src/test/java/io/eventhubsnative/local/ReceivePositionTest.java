package io.eventhubsnative.local;

import static io.eventhubsnative.local.Sdk.bodies;
import static io.eventhubsnative.local.Sdk.receive;
import static io.eventhubsnative.local.Sdk.receiveAll;
import static io.eventhubsnative.local.Sdk.sequenceNumbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.LastEnqueuedEventProperties;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of start position the SDK sends as a selector filter, resolved by the endpoint. One hub of two
 * partitions is filled once: partition 0 holds {@code e0..e9}, sent as three batches with pauses between them so
 * that enqueued times differ; partition 1 stays empty.
 */
@Timeout(60)
class ReceivePositionTest {

    private static final String HUB = "positions";
    private static LocalEventHubs hubs;
    private static EventHubConsumerClient consumer;
    /** The events of partition 0 as first received from earliest. */
    private static List<PartitionEvent> stored;
    /** A time after e0..e5 were enqueued and before e6..e9 were. */
    private static Instant between;

    @BeforeAll
    static void fill() throws InterruptedException {
        hubs = LocalEventHubs.builder()
                .hub(HUB, 2)
                .hub("latest", 1)
                .hub("metric", 1)
                .start();
        try (EventHubProducerClient producer = Sdk.builder(hubs, HUB).buildProducerClient()) {
            SendOptions partition0 = new SendOptions().setPartitionId("0");
            producer.send(List.of(new EventData("e0"), new EventData("e1"), new EventData("e2")), partition0);
            Thread.sleep(30);
            producer.send(List.of(new EventData("e3"), new EventData("e4"), new EventData("e5")), partition0);
            Thread.sleep(30);
            between = Instant.now();
            Thread.sleep(30);
            producer.send(
                    List.of(new EventData("e6"), new EventData("e7"), new EventData("e8"), new EventData("e9")),
                    partition0);
        }
        consumer = Sdk.builder(hubs, HUB).buildConsumerClient();
        stored = receive(consumer, "0", 10, EventPosition.earliest());
    }

    @AfterAll
    static void stop() {
        consumer.close();
        hubs.close();
    }

    private static List<String> expected(int from) {
        return bodies(stored).subList(from, 10);
    }

    /** What a position yields: all events after it, or nothing within a short window when there are none. */
    private static List<String> receiveFrom(EventPosition position, int expectedCount) {
        if (expectedCount == 0) {
            return bodies(receiveAll(consumer, "0", 10, position, Duration.ofMillis(500)));
        }
        List<PartitionEvent> events = receive(consumer, "0", expectedCount, position);
        // Nothing beyond what was expected follows.
        long last = events.get(events.size() - 1).getData().getSequenceNumber();
        assertThat(receiveAll(consumer, "0", 10, EventPosition.fromSequenceNumber(last), Duration.ofMillis(300)))
                .isEmpty();
        return bodies(events);
    }

    @Test
    void earliestStartsAtTheFirstEvent() {
        assertThat(bodies(stored)).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        assertThat(sequenceNumbers(stored)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(receiveAll(consumer, "1", 10, EventPosition.earliest(), Duration.ofMillis(500)))
                .isEmpty();
    }

    @Test
    void fromOffsetIsExclusive() {
        String offsetOfE4 = stored.get(4).getData().getOffsetString();
        assertThat(receiveFrom(EventPosition.fromOffsetString(offsetOfE4), 5)).containsExactlyElementsOf(expected(5));
        // The deprecated numeric variant sends the same filter.
        assertThat(receiveFrom(EventPosition.fromOffset(Long.parseLong(offsetOfE4)), 5))
                .containsExactlyElementsOf(expected(5));
        String offsetOfE0 = stored.get(0).getData().getOffsetString();
        assertThat(receiveFrom(EventPosition.fromOffsetString(offsetOfE0), 9)).containsExactlyElementsOf(expected(1));
        String offsetOfE9 = stored.get(9).getData().getOffsetString();
        assertThat(receiveFrom(EventPosition.fromOffsetString(offsetOfE9), 0)).isEmpty();
    }

    @Test
    void fromSequenceNumberExclusiveAndInclusive() {
        assertThat(receiveFrom(EventPosition.fromSequenceNumber(4), 5)).containsExactlyElementsOf(expected(5));
        assertThat(receiveFrom(EventPosition.fromSequenceNumber(4, true), 6)).containsExactlyElementsOf(expected(4));
        assertThat(receiveFrom(EventPosition.fromSequenceNumber(0, true), 10)).containsExactlyElementsOf(expected(0));
        assertThat(receiveFrom(EventPosition.fromSequenceNumber(9, true), 1)).containsExactly("e9");
        // At the end: nothing yet, and no error (the next event would be delivered).
        assertThat(receiveFrom(EventPosition.fromSequenceNumber(9), 0)).isEmpty();
        assertThat(receiveFrom(EventPosition.fromSequenceNumber(10, true), 0)).isEmpty();
    }

    @Test
    void fromEnqueuedTimeStartsAfterThatTime() {
        assertThat(receiveFrom(EventPosition.fromEnqueuedTime(between), 4)).containsExactly("e6", "e7", "e8", "e9");
        // The filter is exclusive: from e3's own enqueued time, the events enqueued strictly later.
        Instant e3 = stored.get(3).getData().getEnqueuedTime();
        assertThat(stored.get(5).getData().getEnqueuedTime()).isEqualTo(e3);
        assertThat(receiveFrom(EventPosition.fromEnqueuedTime(e3), 4)).containsExactly("e6", "e7", "e8", "e9");
        assertThat(receiveFrom(EventPosition.fromEnqueuedTime(e3.minusMillis(1)), 7))
                .containsExactlyElementsOf(expected(3));
        assertThat(receiveFrom(EventPosition.fromEnqueuedTime(Instant.EPOCH), 10))
                .containsExactlyElementsOf(expected(0));
        assertThat(receiveFrom(EventPosition.fromEnqueuedTime(Instant.now().plusSeconds(60)), 0))
                .isEmpty();
    }

    @Test
    void sequenceNumberFarBeyondTheEndIsArgumentOutOfRange() {
        try (EventHubConsumerAsyncClient async = Sdk.builder(hubs, HUB).buildAsyncConsumerClient()) {
            assertThatThrownBy(() -> async.receiveFromPartition("0", EventPosition.fromSequenceNumber(1_000))
                            .blockLast(Sdk.WAIT))
                    .isInstanceOfSatisfying(AmqpException.class, amqp -> {
                        assertThat(amqp.getErrorCondition()).isEqualTo(AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR);
                        assertThat(amqp.isTransient()).isFalse();
                        assertThat(amqp.getMessage()).contains("1000");
                    });
        }
        // The synchronous client surfaces the same error from its iterable, wrapped (and is unusable afterwards).
        try (EventHubConsumerClient sync = Sdk.builder(hubs, HUB).buildConsumerClient()) {
            assertThatThrownBy(() -> receiveAll(sync, "0", 1, EventPosition.fromSequenceNumber(1_000, true), Sdk.WAIT))
                    .satisfies(e -> assertThat(Sdk.amqpCause(e).getErrorCondition())
                            .isEqualTo(AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR));
        }
    }

    @Test
    void offsetBeyondTheEndIsArgumentOutOfRange() {
        long beyond = Long.parseLong(stored.get(9).getData().getOffsetString()) + 1_000_000;
        try (EventHubConsumerAsyncClient async = Sdk.builder(hubs, HUB).buildAsyncConsumerClient()) {
            assertThatThrownBy(
                            () -> async.receiveFromPartition("0", EventPosition.fromOffsetString(Long.toString(beyond)))
                                    .blockLast(Sdk.WAIT))
                    .isInstanceOfSatisfying(
                            AmqpException.class,
                            e -> assertThat(e.getErrorCondition())
                                    .isEqualTo(AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR));
        }
    }

    @Test
    void latestOnlyDeliversEventsSentAfterTheLinkAttached() throws Exception {
        try (EventHubProducerClient producer = Sdk.builder(hubs, "latest").buildProducerClient();
                EventHubConsumerAsyncClient async = Sdk.builder(hubs, "latest").buildAsyncConsumerClient()) {
            producer.send(Sdk.events("old", 3));
            String address = Sdk.consumerAddress("latest", "0");
            long attached = hubs.counters().linksAttached(address);
            CompletableFuture<List<String>> received = async.receiveFromPartition("0", EventPosition.latest())
                    .map(e -> e.getData().getBodyAsString())
                    .take(2)
                    .collectList()
                    .toFuture();
            Sdk.await("the latest receiver to attach", () -> hubs.counters().linksAttached(address) > attached);
            producer.send(Sdk.events("new", 2));
            assertThat(received.get(Sdk.WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly("new0", "new1");
        }
    }

    @Test
    void trackLastEnqueuedEventPropertiesReportsThePartitionsLastEvent() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, "metric").buildProducerClient();
                EventHubConsumerAsyncClient async = Sdk.builder(hubs, "metric").buildAsyncConsumerClient()) {
            producer.send(Sdk.events("m", 5));
            PartitionEvent last;
            try (EventHubConsumerClient sync = Sdk.builder(hubs, "metric").buildConsumerClient()) {
                last = receive(sync, "0", 5, EventPosition.earliest()).get(4);
            }

            ReceiveOptions track = new ReceiveOptions().setTrackLastEnqueuedEventProperties(true);
            Instant before = Instant.now().minusMillis(1);
            List<PartitionEvent> events = async.receiveFromPartition("0", EventPosition.earliest(), track)
                    .take(2)
                    .collectList()
                    .block(Sdk.WAIT);
            assertThat(events).hasSize(2);
            for (PartitionEvent event : events) {
                LastEnqueuedEventProperties metric = event.getLastEnqueuedEventProperties();
                assertThat(metric).isNotNull();
                assertThat(metric.getSequenceNumber()).isEqualTo(4L);
                assertThat(metric.getOffsetString()).isEqualTo(last.getData().getOffsetString());
                assertThat(metric.getEnqueuedTime()).isEqualTo(last.getData().getEnqueuedTime());
                assertThat(metric.getRetrievalTime())
                        .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                        .isBeforeOrEqualTo(Instant.now());
            }

            // Without the option the SDK reports nothing (and the endpoint sends no delivery annotations).
            PartitionEvent untracked =
                    async.receiveFromPartition("0", EventPosition.earliest()).blockFirst(Sdk.WAIT);
            assertThat(untracked.getLastEnqueuedEventProperties()).isNull();
        }
    }

    @Test
    void receiveFromAllPartitionsStartsEachAtItsEarliest() {
        // EventHubConsumerAsyncClient.receive(true) lists the partitions, then opens one link per partition.
        try (EventHubConsumerAsyncClient async = Sdk.builder(hubs, HUB).buildAsyncConsumerClient()) {
            List<PartitionEvent> events =
                    async.receive(true).take(10).collectList().block(Sdk.WAIT);
            assertThat(bodies(events)).containsExactlyElementsOf(expected(0));
            assertThat(events)
                    .allSatisfy(e ->
                            assertThat(e.getPartitionContext().getPartitionId()).isEqualTo("0"));
        }
    }

    @Test
    void everyPositionOnAnEmptyPartitionWaitsForNewEvents() {
        for (EventPosition position : List.of(
                EventPosition.earliest(),
                EventPosition.latest(),
                EventPosition.fromSequenceNumber(0, true),
                EventPosition.fromEnqueuedTime(Instant.now()),
                EventPosition.fromOffsetString("-1"))) {
            assertThat(receiveAll(consumer, "1", 5, position, Duration.ofMillis(300)))
                    .as(position.toString())
                    .isEmpty();
        }
    }
}

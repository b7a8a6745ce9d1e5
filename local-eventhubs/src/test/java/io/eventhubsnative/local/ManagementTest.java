package io.eventhubsnative.local;

import static io.eventhubsnative.local.Sdk.receive;
import static io.eventhubsnative.local.Sdk.sequenceNumbers;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code $management}: event hub and partition properties with exact values, and growing a running hub. */
@Timeout(60)
class ManagementTest {

    private static LocalEventHubs hubs;
    private static Instant startedBefore;
    private static Instant startedAfter;

    @BeforeAll
    static void start() {
        startedBefore = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        hubs = LocalEventHubs.builder().hub("props", 3).start();
        startedAfter = Instant.now();
    }

    @AfterAll
    static void stop() {
        hubs.close();
    }

    @Test
    void eventHubProperties() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, "props").buildProducerClient()) {
            EventHubProperties properties = producer.getEventHubProperties();
            assertThat(properties.getName()).isEqualTo("props");
            assertThat(properties.getPartitionIds()).containsExactly("0", "1", "2");
            assertThat(properties.getCreatedAt()).isBetween(startedBefore, startedAfter);
            assertThat(producer.getPartitionIds()).containsExactly("0", "1", "2");
            // Stable: asking again gives the same creation time.
            assertThat(producer.getEventHubProperties().getCreatedAt()).isEqualTo(properties.getCreatedAt());
        }
        // The consumer client asks the same node.
        try (EventHubConsumerClient consumer = Sdk.builder(hubs, "props").buildConsumerClient()) {
            assertThat(consumer.getEventHubProperties().getName()).isEqualTo("props");
            assertThat(consumer.getPartitionIds()).containsExactly("0", "1", "2");
        }
    }

    @Test
    void emptyPartition() {
        String hub = Sdk.uniqueHub("mgmt");
        hubs.createHub(hub, 2);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            PartitionProperties empty = producer.getPartitionProperties("1");
            assertThat(empty.getEventHubName()).isEqualTo(hub);
            assertThat(empty.getId()).isEqualTo("1");
            assertThat(empty.isEmpty()).isTrue();
            assertThat(empty.getBeginningSequenceNumber()).isZero();
            assertThat(empty.getLastEnqueuedSequenceNumber()).isEqualTo(-1);
            assertThat(empty.getLastEnqueuedOffset()).isEqualTo("-1");
            assertThat(empty.getLastEnqueuedTime()).isEqualTo(Instant.EPOCH);
            assertThat(hubs.partitionState(hub, "1")).isEqualTo(new PartitionState("1", 0, -1));
        }
    }

    @Test
    void filledPartition() {
        String hub = Sdk.uniqueHub("mgmt");
        hubs.createHub(hub, 2);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            producer.send(Sdk.events("f", 5), new SendOptions().setPartitionId("0"));
            EventData last =
                    receive(consumer, "0", 5, EventPosition.earliest()).get(4).getData();

            PartitionProperties filled = producer.getPartitionProperties("0");
            assertThat(filled.getId()).isEqualTo("0");
            assertThat(filled.isEmpty()).isFalse();
            assertThat(filled.getBeginningSequenceNumber()).isZero();
            assertThat(filled.getLastEnqueuedSequenceNumber()).isEqualTo(4);
            assertThat(filled.getLastEnqueuedOffset()).isEqualTo(last.getOffsetString());
            assertThat(filled.getLastEnqueuedTime()).isEqualTo(last.getEnqueuedTime());
            // The other partition is untouched.
            assertThat(producer.getPartitionProperties("1").isEmpty()).isTrue();
        }
    }

    @Test
    void expiredEventsMoveTheBeginningSequenceNumber() {
        String hub = Sdk.uniqueHub("mgmt");
        hubs.createHub(hub, 1);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            producer.send(Sdk.events("x", 6));
            EventData last =
                    receive(consumer, "0", 6, EventPosition.earliest()).get(5).getData();

            assertThat(hubs.expire(hub, "0", 4)).isEqualTo(4);
            PartitionProperties partly = producer.getPartitionProperties("0");
            assertThat(partly.getBeginningSequenceNumber()).isEqualTo(4);
            assertThat(partly.getLastEnqueuedSequenceNumber()).isEqualTo(5);
            assertThat(partly.isEmpty()).isFalse();
            assertThat(partly.getLastEnqueuedOffset()).isEqualTo(last.getOffsetString());
            // Readers from the start, or from an expired position, begin at the oldest retained event.
            assertThat(sequenceNumbers(receive(consumer, "0", 2, EventPosition.earliest())))
                    .containsExactly(4L, 5L);
            assertThat(sequenceNumbers(receive(consumer, "0", 2, EventPosition.fromSequenceNumber(1, true))))
                    .containsExactly(4L, 5L);

            assertThat(hubs.expire(hub, "0", 100)).isEqualTo(6);
            PartitionProperties all = producer.getPartitionProperties("0");
            assertThat(all.getBeginningSequenceNumber()).isEqualTo(6);
            assertThat(all.getLastEnqueuedSequenceNumber()).isEqualTo(5);
            assertThat(all.isEmpty()).isTrue();
            // The service keeps reporting the last enqueued event's offset and time once it expired.
            assertThat(all.getLastEnqueuedOffset()).isEqualTo(last.getOffsetString());
            assertThat(all.getLastEnqueuedTime()).isEqualTo(last.getEnqueuedTime());
            assertThat(hubs.partitionState(hub, "0")).isEqualTo(new PartitionState("0", 6, 5));

            // Sequence numbers carry on after expiry.
            producer.send(List.of(new EventData("after")));
            PartitionEvent after =
                    receive(consumer, "0", 1, EventPosition.earliest()).get(0);
            assertThat(after.getData().getSequenceNumber()).isEqualTo(6);
            assertThat(after.getData().getBodyAsString()).isEqualTo("after");
            assertThat(producer.getPartitionProperties("0").getBeginningSequenceNumber())
                    .isEqualTo(6);
            assertThat(producer.getPartitionProperties("0").isEmpty()).isFalse();
        }
    }

    @Test
    void expireOlderThanExpiresByAge() throws InterruptedException {
        String hub = Sdk.uniqueHub("mgmt");
        hubs.createHub(hub, 1);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            producer.send(Sdk.events("old", 3));
            java.time.Instant lastOld = producer.getPartitionProperties("0").getLastEnqueuedTime();
            Thread.sleep(1000);
            producer.send(Sdk.events("new", 2));
            // The cut-off lies 100 ms after the old events, from their own enqueued time, so a slow machine cannot move
            // it past the new ones (1 s later).
            hubs.expireOlderThan(hub, java.time.Duration.between(lastOld.plusMillis(100), java.time.Instant.now()));
            PartitionProperties properties = producer.getPartitionProperties("0");
            assertThat(properties.getBeginningSequenceNumber()).isEqualTo(3);
            assertThat(properties.getLastEnqueuedSequenceNumber()).isEqualTo(4);
        }
    }

    @Test
    void addedPartitionsShowUpOnARunningHub() {
        String hub = Sdk.uniqueHub("grow");
        hubs.createHub(hub, 2);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerAsyncClient consumer = Sdk.builder(hubs, hub).buildAsyncConsumerClient()) {
            producer.send(List.of(new EventData("before")), new SendOptions().setPartitionId("1"));
            assertThat(producer.getPartitionIds()).containsExactly("0", "1");

            hubs.addPartitions(hub, 5);

            // Same clients, same connection: the next management call sees the new partitions.
            assertThat(producer.getPartitionIds()).containsExactly("0", "1", "2", "3", "4");
            assertThat(consumer.getPartitionIds().collectList().block(Sdk.WAIT))
                    .containsExactly("0", "1", "2", "3", "4");
            assertThat(producer.getPartitionProperties("4").isEmpty()).isTrue();
            producer.send(List.of(new EventData("new partition")), new SendOptions().setPartitionId("4"));
            assertThat(consumer.receiveFromPartition("4", EventPosition.earliest())
                            .blockFirst(Sdk.WAIT)
                            .getData()
                            .getBodyAsString())
                    .isEqualTo("new partition");
            // Existing partitions keep their events.
            assertThat(producer.getPartitionProperties("1").getLastEnqueuedSequenceNumber())
                    .isZero();
        }
    }

    @Test
    void managementRequestsAreCounted() {
        long before = hubs.counters().managementRequests();
        try (EventHubProducerClient producer = Sdk.builder(hubs, "props").buildProducerClient()) {
            producer.getEventHubProperties();
            producer.getPartitionProperties("0");
        }
        assertThat(hubs.counters().managementRequests() - before).isGreaterThanOrEqualTo(2);
    }
}

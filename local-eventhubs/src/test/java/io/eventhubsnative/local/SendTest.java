package io.eventhubsnative.local;

import static io.eventhubsnative.local.Sdk.bodies;
import static io.eventhubsnative.local.Sdk.receive;
import static io.eventhubsnative.local.Sdk.sequenceNumbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.azure.core.amqp.models.AmqpAddress;
import com.azure.core.amqp.models.AmqpMessageProperties;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sending through the SDK's producer: single events, batches, partition keys and ids, and what is stored. */
@Timeout(60)
class SendTest extends EndpointTest {

    @Test
    void singleEventIsStoredWithItsSystemProperties() {
        String hub = newHub("send", 2);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            // A list of one event goes out as a plain AMQP message (message format 0).
            producer.send(List.of(new EventData("only")), new SendOptions().setPartitionId("1"));
            Instant after = Instant.now();

            PartitionEvent event =
                    receive(consumer, "1", 1, EventPosition.earliest()).get(0);
            assertThat(event.getData().getBodyAsString()).isEqualTo("only");
            assertThat(event.getData().getSequenceNumber()).isZero();
            assertThat(event.getData().getOffsetString()).isEqualTo("0");
            assertThat(event.getData().getEnqueuedTime()).isBetween(before, after);
            assertThat(event.getData().getPartitionKey()).isNull();
            assertThat(event.getPartitionContext().getPartitionId()).isEqualTo("1");
            assertThat(event.getPartitionContext().getEventHubName()).isEqualTo(hub);
            assertThat(hubs.partitionState(hub, "0").isEmpty()).isTrue();
            assertThat(hubs.counters().eventsReceived()).isPositive();
        }
    }

    @Test
    void batchIsUnpackedIntoConsecutiveEvents() {
        String hub = newHub("send", 3);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            // An EventDataBatch of several events is one delivery of message format 0x80013700 carrying one Data
            // section per event; an endpoint that decoded it as a plain message would keep only the first event.
            EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId("2"));
            for (int i = 0; i < 25; i++) {
                assertThat(batch.tryAdd(new EventData("b" + i).setContentType("text/plain")))
                        .isTrue();
            }
            producer.send(batch);
            producer.send(Sdk.events("c", 3), new SendOptions().setPartitionId("2"));

            List<PartitionEvent> events = receive(consumer, "2", 28, EventPosition.earliest());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                expected.add("b" + i);
            }
            expected.addAll(List.of("c0", "c1", "c2"));
            assertThat(bodies(events)).containsExactlyElementsOf(expected);
            assertThat(sequenceNumbers(events))
                    .containsExactlyElementsOf(
                            java.util.stream.LongStream.range(0, 28).boxed().toList());
            assertThat(events.subList(0, 25))
                    .allSatisfy(e -> assertThat(e.getData().getContentType()).isEqualTo("text/plain"));
            assertThat(events.subList(25, 28))
                    .allSatisfy(e -> assertThat(e.getData().getContentType()).isNull());
            assertThat(producer.getPartitionProperties("2").getLastEnqueuedSequenceNumber())
                    .isEqualTo(27);
            assertThat(hubs.partitionState(hub, "0").isEmpty()).isTrue();
            assertThat(hubs.partitionState(hub, "1").isEmpty()).isTrue();
        }
    }

    @Test
    void eventsOfOnePartitionKeyLandInOnePartition() {
        String hub = newHub("send", 5);
        List<String> keys = List.of(
                "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "ключ", "鍵",
                "🔑-key");
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            for (int round = 0; round < 3; round++) {
                for (String key : keys) {
                    EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionKey(key));
                    batch.tryAdd(new EventData(key + "#" + round));
                    batch.tryAdd(new EventData(key + "#" + round + "'"));
                    producer.send(batch);
                }
                // The same key through send(events, options) with a single event, i.e. message format 0.
                producer.send(
                        List.of(new EventData("alpha#single" + round)), new SendOptions().setPartitionKey("alpha"));
            }

            Map<String, Set<String>> partitionsByKey = new HashMap<>();
            int total = 0;
            for (String partitionId : producer.getPartitionIds()) {
                long count = hubs.partitionState(hub, partitionId).retainedEvents();
                if (count == 0) {
                    continue;
                }
                for (PartitionEvent event : receive(consumer, partitionId, (int) count, EventPosition.earliest())) {
                    String key = event.getData().getPartitionKey();
                    assertThat(event.getData().getBodyAsString()).startsWith(key + "#");
                    partitionsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(partitionId);
                    total++;
                }
            }
            assertThat(total).isEqualTo(keys.size() * 2 * 3 + 3);
            assertThat(partitionsByKey.keySet()).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(partitionsByKey)
                    .allSatisfy(
                            (key, partitions) -> assertThat(partitions).as(key).hasSize(1));
            // 13 keys over 5 partitions: a router that put everything in one partition would be wrong too.
            assertThat(new HashSet<>(partitionsByKey.values())).hasSizeGreaterThan(1);
        }
    }

    @Test
    void eventsWithoutKeyOrPartitionAreSpreadOverPartitions() {
        String hub = newHub("send", 4);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            for (int i = 0; i < 8; i++) {
                producer.send(List.of(new EventData("rr" + i)));
            }
            for (String partitionId : List.of("0", "1", "2", "3")) {
                assertThat(hubs.partitionState(hub, partitionId).retainedEvents())
                        .as("partition %s", partitionId)
                        .isEqualTo(2);
            }
        }
    }

    @Test
    void sendByPartitionIdTargetsThatPartition() {
        String hub = newHub("send", 4);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            for (String partitionId : List.of("3", "0", "3", "2")) {
                producer.send(
                        List.of(new EventData("to-" + partitionId)), new SendOptions().setPartitionId(partitionId));
            }
            assertThat(hubs.partitionState(hub, "0").retainedEvents()).isEqualTo(1);
            assertThat(hubs.partitionState(hub, "1").retainedEvents()).isZero();
            assertThat(hubs.partitionState(hub, "2").retainedEvents()).isEqualTo(1);
            assertThat(hubs.partitionState(hub, "3").retainedEvents()).isEqualTo(2);
            assertThat(bodies(receive(consumer, "3", 2, EventPosition.earliest())))
                    .containsExactly("to-3", "to-3");
            assertThat(hubs.counters().linksAttached(hub + "/Partitions/3")).isEqualTo(1);
        }
    }

    @Test
    void propertiesAndBodyBytesRoundTripExactly() {
        String hub = newHub("send", 1);
        byte[] body = new byte[4096];
        new Random(42).nextBytes(body);
        body[0] = 0;
        UUID uuid = UUID.randomUUID();
        Date date = new Date(1_700_000_000_123L);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("string", "text with ünïcødé and 中文");
        properties.put("empty", "");
        properties.put("int", 42);
        properties.put("negativeInt", Integer.MIN_VALUE);
        properties.put("long", Long.MAX_VALUE);
        properties.put("short", (short) -7);
        properties.put("byte", (byte) 0x7f);
        properties.put("double", 3.141592653589793);
        properties.put("float", 2.5f);
        properties.put("true", true);
        properties.put("false", false);
        properties.put("uuid", uuid);
        properties.put("date", date);

        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            EventData single = new EventData(body);
            single.getProperties().putAll(properties);
            single.setMessageId("message-1");
            single.setCorrelationId("correlation-1");
            single.setContentType("application/octet-stream");
            producer.send(List.of(single));

            // The same event inside a batch (each event is a separately encoded message in its own Data section).
            EventDataBatch batch = producer.createBatch();
            for (int i = 0; i < 3; i++) {
                EventData event = new EventData(BinaryData.fromBytes(body));
                event.getProperties().putAll(properties);
                event.getProperties().put("index", i);
                event.setMessageId("batch-" + i);
                batch.tryAdd(event);
            }
            producer.send(batch);
            // An empty body is an event too.
            producer.send(List.of(new EventData(new byte[0])));

            List<PartitionEvent> events = receive(consumer, "0", 5, EventPosition.earliest());
            for (int i = 0; i < 4; i++) {
                EventData received = events.get(i).getData();
                assertThat(received.getBody()).as("body of event %d", i).isEqualTo(body);
                Map<String, Object> expected = new LinkedHashMap<>(properties);
                if (i > 0) {
                    expected.put("index", i - 1);
                }
                assertThat(received.getProperties())
                        .as("properties of event %d", i)
                        .containsExactlyInAnyOrderEntriesOf(expected);
                assertThat(received.getProperties().get("long")).isInstanceOf(Long.class);
                assertThat(received.getProperties().get("short")).isInstanceOf(Short.class);
                assertThat(received.getProperties().get("byte")).isInstanceOf(Byte.class);
                assertThat(received.getProperties().get("float")).isInstanceOf(Float.class);
                assertThat(received.getMessageId()).isEqualTo(i == 0 ? "message-1" : "batch-" + (i - 1));
            }
            assertThat(events.get(0).getData().getCorrelationId()).isEqualTo("correlation-1");
            assertThat(events.get(0).getData().getContentType()).isEqualTo("application/octet-stream");
            assertThat(events.get(4).getData().getBody()).isEmpty();
            assertThat(events.get(4).getData().getProperties()).isEmpty();
        }
    }

    @Test
    void amqpPropertiesAndCustomAnnotationsRoundTrip() {
        String hub = newHub("send", 1);
        OffsetDateTime created = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_000_000, ZoneOffset.UTC);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            EventDataBatch batch = producer.createBatch();
            for (int i = 0; i < 2; i++) {
                EventData event = new EventData("raw" + i);
                AmqpMessageProperties amqp = event.getRawAmqpMessage().getProperties();
                amqp.setSubject("subject-" + i);
                amqp.setTo(new AmqpAddress("to-address"));
                amqp.setReplyTo(new AmqpAddress("reply-address"));
                amqp.setGroupId("group-" + i);
                amqp.setContentEncoding("gzip");
                amqp.setCreationTime(created);
                amqp.setUserId("user".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                event.getRawAmqpMessage().getMessageAnnotations().put("x-custom-annotation", "custom-" + i);
                event.getRawAmqpMessage().getMessageAnnotations().put("x-custom-number", 7L);
                batch.tryAdd(event);
            }
            producer.send(batch);

            List<PartitionEvent> events = receive(consumer, "0", 2, EventPosition.earliest());
            for (int i = 0; i < 2; i++) {
                EventData data = events.get(i).getData();
                AmqpMessageProperties amqp = data.getRawAmqpMessage().getProperties();
                assertThat(amqp.getSubject()).isEqualTo("subject-" + i);
                assertThat(amqp.getTo().toString()).isEqualTo("to-address");
                assertThat(amqp.getReplyTo().toString()).isEqualTo("reply-address");
                assertThat(amqp.getGroupId()).isEqualTo("group-" + i);
                assertThat(amqp.getContentEncoding()).isEqualTo("gzip");
                assertThat(amqp.getCreationTime()).isEqualTo(created);
                assertThat(amqp.getUserId()).isEqualTo("user".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                // Annotations the producer set travel on next to the ones the service adds.
                assertThat(data.getSystemProperties())
                        .containsEntry("x-custom-annotation", "custom-" + i)
                        .containsEntry("x-custom-number", 7L);
                assertThat(data.getSequenceNumber()).isEqualTo(i);
            }
        }
    }

    @Test
    void producerSetSystemAnnotationsAreReplacedByTheService() {
        String hub = newHub("send", 1);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            producer.send(List.of(new EventData("first")));
            EventData forged = new EventData("forged");
            forged.getRawAmqpMessage().getMessageAnnotations().put("x-opt-sequence-number", 999L);
            forged.getRawAmqpMessage().getMessageAnnotations().put("x-opt-offset", "999999");
            forged.getRawAmqpMessage().getMessageAnnotations().put("x-opt-enqueued-time", new Date(0));
            producer.send(List.of(forged));
            EventData received =
                    receive(consumer, "0", 2, EventPosition.earliest()).get(1).getData();
            assertThat(received.getBodyAsString()).isEqualTo("forged");
            assertThat(received.getSequenceNumber()).isEqualTo(1);
            assertThat(received.getOffsetString()).isNotEqualTo("999999");
            assertThat(received.getEnqueuedTime()).isAfter(Instant.now().minusSeconds(60));
        }
    }

    @Test
    void sequenceNumbersStartAtZeroPerPartitionAndOffsetsAreStrings() {
        String hub = newHub("send", 3);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            for (String partitionId : List.of("0", "2")) {
                for (int i = 0; i < 4; i++) {
                    producer.send(
                            List.of(new EventData("p" + partitionId + "-" + i)),
                            new SendOptions().setPartitionId(partitionId));
                }
            }
            Instant after = Instant.now();
            for (String partitionId : List.of("0", "2")) {
                List<PartitionEvent> events = receive(consumer, partitionId, 4, EventPosition.earliest());
                assertThat(sequenceNumbers(events)).containsExactly(0L, 1L, 2L, 3L);
                long previousOffset = -1;
                Instant previousTime = Instant.MIN;
                for (PartitionEvent event : events) {
                    EventData data = event.getData();
                    // The offset annotation must be an AMQP string; the SDK casts it. Offsets grow with the log.
                    String offset = data.getOffsetString();
                    assertThat(offset).matches("\\d+");
                    assertThat(Long.parseLong(offset)).isGreaterThan(previousOffset);
                    previousOffset = Long.parseLong(offset);
                    assertThat(data.getEnqueuedTime()).isBetween(before, after).isAfterOrEqualTo(previousTime);
                    previousTime = data.getEnqueuedTime();
                    assertThat(data.getSystemProperties())
                            .containsKeys("x-opt-sequence-number", "x-opt-offset", "x-opt-enqueued-time");
                }
                assertThat(events.get(0).getData().getOffsetString()).isEqualTo("0");
            }
            assertThat(hubs.partitionState(hub, "1").isEmpty()).isTrue();
            assertThat(producer.getPartitionProperties("2")
                            .getLastEnqueuedTime()
                            .toEpochMilli())
                    .isCloseTo(
                            after.toEpochMilli(), within(Duration.ofSeconds(10).toMillis()));
        }
    }
}

package com.azure.messaging.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.SendOptions;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.store.PartitionKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * The endpoint routes a partition key exactly as the SDK's own {@link PartitionResolver} (a port of the service's
 * hash) does. {@code PartitionResolver} is package-private, hence this test's package.
 */
@Timeout(60)
class PartitionKeyRoutingTest {

    private static final PartitionResolver SDK = new PartitionResolver();

    /** 1,000 keys of 0..40 characters (lengths around lookup3's 12-byte blocks matter) mixing ASCII and non-ASCII. */
    private static List<String> randomKeys(long seed, int count) {
        Random random = new Random(seed);
        int[][] ranges = {
            {'a', 'z'}, {'0', '9'}, {' ', '~'}, {0xC0, 0x17F}, {0x400, 0x4FF}, {0x4E00, 0x9FFF}, {0x1F600, 0x1F64F}
        };
        Set<String> keys = new LinkedHashSet<>(List.of("", "a", "0", "partition-key", "ключ", "鍵", "😀"));
        while (keys.size() < count) {
            int length = random.nextInt(41);
            StringBuilder key = new StringBuilder();
            int[] range = ranges[random.nextInt(ranges.length)];
            for (int i = 0; i < length; i++) {
                if (random.nextInt(4) == 0) {
                    range = ranges[random.nextInt(ranges.length)];
                }
                key.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
            keys.add(key.toString());
        }
        return new ArrayList<>(keys);
    }

    private static String[] partitionIds(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).toArray(String[]::new);
    }

    @Test
    void endpointHashMatchesTheSdkForEveryPartitionCount() {
        List<String> keys = randomKeys(7, 1000);
        for (int partitions = 1; partitions <= 32; partitions++) {
            String[] ids = partitionIds(partitions);
            for (String key : keys) {
                assertThat(Integer.toString(PartitionKeys.partitionFor(key, partitions)))
                        .as("partition of key '%s' among %d", key, partitions)
                        .isEqualTo(SDK.assignForPartitionKey(key, ids));
            }
        }
    }

    @Test
    void keyedEventsSentThroughTheSdkLandWhereTheSdkWouldRouteThem() {
        List<String> keys = randomKeys(11, 1000).stream()
                .filter(k -> !k.isEmpty())
                .limit(400)
                .toList();
        int[] partitionCounts = {1, 7, 32};
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                .hub("keys-1", partitionCounts[0])
                .hub("keys-7", partitionCounts[1])
                .hub("keys-32", partitionCounts[2])
                .start()) {
            for (int partitions : partitionCounts) {
                String hub = "keys-" + partitions;
                EventHubClientBuilder builder = new EventHubClientBuilder()
                        .connectionString(hubs.connectionString(hub))
                        .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
                        .retryOptions(new AmqpRetryOptions()
                                .setMode(AmqpRetryMode.FIXED)
                                .setMaxRetries(2)
                                .setDelay(Duration.ofMillis(200))
                                .setTryTimeout(Duration.ofSeconds(10)));
                try (EventHubProducerAsyncClient producer = builder.buildAsyncProducerClient();
                        EventHubConsumerClient consumer = builder.buildConsumerClient()) {
                    // One single-event send per key (the key travels as the x-opt-partition-key annotation), 16 in
                    // flight.
                    Flux.fromIterable(keys)
                            .flatMap(
                                    key -> producer.send(
                                            List.of(new EventData(key)), new SendOptions().setPartitionKey(key)),
                                    16)
                            .then()
                            .block(Duration.ofSeconds(30));

                    String[] ids = partitionIds(partitions);
                    Map<String, String> partitionByKey = new HashMap<>();
                    for (String partitionId : ids) {
                        int count = (int) hubs.partitionState(hub, partitionId).retainedEvents();
                        List<PartitionEvent> events = new ArrayList<>();
                        while (events.size() < count) {
                            EventPosition from = events.isEmpty()
                                    ? EventPosition.earliest()
                                    : EventPosition.fromSequenceNumber(events.get(events.size() - 1)
                                            .getData()
                                            .getSequenceNumber());
                            int before = events.size();
                            consumer.receiveFromPartition(
                                            partitionId, count - events.size(), from, Duration.ofSeconds(5))
                                    .forEach(events::add);
                            assertThat(events.size())
                                    .as("progress reading partition %s", partitionId)
                                    .isGreaterThan(before);
                        }
                        for (PartitionEvent event : events) {
                            assertThat(event.getData().getPartitionKey())
                                    .isEqualTo(event.getData().getBodyAsString());
                            partitionByKey.put(event.getData().getPartitionKey(), partitionId);
                        }
                    }
                    assertThat(partitionByKey).hasSize(keys.size());
                    for (String key : keys) {
                        assertThat(partitionByKey.get(key))
                                .as("partition of key '%s' among %d", key, partitions)
                                .isEqualTo(SDK.assignForPartitionKey(key, ids));
                    }
                }
            }
        }
    }
}

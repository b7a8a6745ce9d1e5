package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * Volume and size: events larger than a frame in both directions, more events than any credit window, and
 * concurrent producers on one partition. Each must arrive complete, once and in order.
 */
@Timeout(90)
class FlowControlTest extends EndpointTest {

    @Test
    void eventsLargerThanAFrameRoundTrip() {
        String hub = newHub("flow", 1);
        Random random = new Random(3);
        // The SDK's frames are 64 KiB: these span 1 to 16 frames each way.
        List<byte[]> bodies = new ArrayList<>();
        for (int size : new int[] {65_000, 70_000, 300_000, 1000 * 1024}) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            bodies.add(body);
        }
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            for (byte[] body : bodies) {
                producer.send(List.of(new EventData(body)));
            }
            // Two mid-size events in one batch delivery (one transfer of ~600 KiB split over frames).
            EventDataBatch batch = producer.createBatch();
            assertThat(batch.tryAdd(new EventData(bodies.get(2)))).isTrue();
            assertThat(batch.tryAdd(new EventData(bodies.get(2)))).isTrue();
            producer.send(batch);

            List<PartitionEvent> events = Sdk.receive(consumer, "0", 6, EventPosition.earliest());
            for (int i = 0; i < 4; i++) {
                assertThat(Arrays.equals(events.get(i).getData().getBody(), bodies.get(i)))
                        .as("event %d", i)
                        .isTrue();
            }
            assertThat(events.get(4).getData().getBody()).isEqualTo(bodies.get(2));
            assertThat(events.get(5).getData().getBody()).isEqualTo(bodies.get(2));
        }
    }

    @Test
    void manyEventsFlowThroughTheCreditWindows() {
        String hub = newHub("flow", 2);
        int total = 20_000;
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerAsyncClient consumer =
                        Sdk.builder(hubs, hub).prefetchCount(300).buildAsyncConsumerClient()) {
            EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId("1"));
            for (int i = 0; i < total; i++) {
                EventData event = new EventData("event-" + i);
                if (!batch.tryAdd(event)) {
                    producer.send(batch);
                    batch = producer.createBatch(new CreateBatchOptions().setPartitionId("1"));
                    assertThat(batch.tryAdd(event)).isTrue();
                }
            }
            producer.send(batch);
            assertThat(hubs.partitionState(hub, "1").retainedEvents()).isEqualTo(total);

            // A slow-ish subscriber: the SDK grants credit as it emits, the endpoint must stop and resume on each flow.
            List<Long> sequenceNumbers = consumer.receiveFromPartition("1", EventPosition.earliest())
                    .map(e -> {
                        assertThat(e.getData().getBodyAsString())
                                .isEqualTo("event-" + e.getData().getSequenceNumber());
                        return e.getData().getSequenceNumber();
                    })
                    .take(total)
                    .collectList()
                    .block(Duration.ofSeconds(60));
            assertThat(sequenceNumbers).containsExactlyElementsOf(LongStreamRange.of(total));
        }
    }

    @Test
    void concurrentProducersOnOnePartitionGetDistinctConsecutiveSequenceNumbers() {
        String hub = newHub("flow", 1);
        int producers = 4;
        int perProducer = 250;
        List<EventHubProducerAsyncClient> clients = new ArrayList<>();
        try {
            for (int p = 0; p < producers; p++) {
                clients.add(Sdk.builder(hubs, hub).buildAsyncProducerClient());
            }
            Flux.range(0, producers)
                    .flatMap(p -> Flux.range(0, perProducer)
                            .concatMap(i -> clients.get(p)
                                    .send(List.of(new EventData(p + ":" + i)), new SendOptions().setPartitionId("0"))))
                    .then()
                    .block(Duration.ofSeconds(60));
        } finally {
            clients.forEach(EventHubProducerAsyncClient::close);
        }
        try (EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            List<PartitionEvent> events = Sdk.receive(consumer, "0", producers * perProducer, EventPosition.earliest());
            assertThat(Sdk.sequenceNumbers(events))
                    .containsExactlyElementsOf(LongStreamRange.of(producers * perProducer));
            Set<String> bodies = new HashSet<>(Sdk.bodies(events));
            assertThat(bodies).hasSize(producers * perProducer);
            // Each producer's own events stay in its send order.
            for (int p = 0; p < producers; p++) {
                String prefix = p + ":";
                List<Integer> order = events.stream()
                        .map(e -> e.getData().getBodyAsString())
                        .filter(b -> b.startsWith(prefix))
                        .map(b -> Integer.parseInt(b.substring(prefix.length())))
                        .toList();
                assertThat(order)
                        .containsExactlyElementsOf(
                                IntStream.range(0, perProducer).boxed().toList());
            }
        }
    }

    /** 0..n-1 as boxed longs. */
    private static final class LongStreamRange {
        static List<Long> of(long n) {
            return java.util.stream.LongStream.range(0, n).boxed().toList();
        }
    }
}

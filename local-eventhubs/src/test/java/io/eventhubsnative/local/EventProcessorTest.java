package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.CheckpointStore;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.EventProcessorClient;
import com.azure.messaging.eventhubs.EventProcessorClientBuilder;
import com.azure.messaging.eventhubs.LoadBalancingStrategy;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionOwnership;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SDK's EventProcessorClient end to end: it claims partitions, receives with owner level 0 and resumes from
 * its checkpoints (offset strings) after a restart.
 */
@Timeout(60)
class EventProcessorTest {

    private static LocalEventHubs hubs;

    @BeforeAll
    static void start() {
        hubs = LocalEventHubs.builder().hub("processed", 3).start();
    }

    @AfterAll
    static void stop() {
        hubs.close();
    }

    /** A checkpoint store in memory, with the optimistic concurrency (eTags) the processor relies on. */
    private static final class InMemoryCheckpointStore implements CheckpointStore {
        private final Map<String, PartitionOwnership> ownerships = new ConcurrentHashMap<>();
        private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();

        /** Case-insensitive, as the blob store's names are: the processor lists with a lower-cased consumer group. */
        private static String key(String namespace, String hub, String group, String partition) {
            return (namespace + "/" + hub + "/" + group + "/" + partition).toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public Flux<PartitionOwnership> listOwnership(String namespace, String hub, String group) {
            String prefix = key(namespace, hub, group, "");
            return Flux.fromIterable(List.copyOf(ownerships.entrySet()))
                    .filter(e -> e.getKey().startsWith(prefix))
                    .map(Map.Entry::getValue);
        }

        @Override
        public Flux<PartitionOwnership> claimOwnership(List<PartitionOwnership> requested) {
            List<PartitionOwnership> claimed = new ArrayList<>();
            synchronized (ownerships) {
                for (PartitionOwnership request : requested) {
                    String key = key(
                            request.getFullyQualifiedNamespace(),
                            request.getEventHubName(),
                            request.getConsumerGroup(),
                            request.getPartitionId());
                    PartitionOwnership current = ownerships.get(key);
                    if (current == null
                            ? request.getETag() == null
                            : Objects.equals(current.getETag(), request.getETag())) {
                        PartitionOwnership granted = new PartitionOwnership()
                                .setFullyQualifiedNamespace(request.getFullyQualifiedNamespace())
                                .setEventHubName(request.getEventHubName())
                                .setConsumerGroup(request.getConsumerGroup())
                                .setPartitionId(request.getPartitionId())
                                .setOwnerId(request.getOwnerId())
                                .setLastModifiedTime(System.currentTimeMillis())
                                .setETag(UUID.randomUUID().toString());
                        ownerships.put(key, granted);
                        claimed.add(granted);
                    }
                }
            }
            return Flux.fromIterable(claimed);
        }

        @Override
        public Flux<Checkpoint> listCheckpoints(String namespace, String hub, String group) {
            String prefix = key(namespace, hub, group, "");
            return Flux.fromIterable(List.copyOf(checkpoints.entrySet()))
                    .filter(e -> e.getKey().startsWith(prefix))
                    .map(Map.Entry::getValue);
        }

        @Override
        public Mono<Void> updateCheckpoint(Checkpoint checkpoint) {
            checkpoints.put(
                    key(
                            checkpoint.getFullyQualifiedNamespace(),
                            checkpoint.getEventHubName(),
                            checkpoint.getConsumerGroup(),
                            checkpoint.getPartitionId()),
                    checkpoint);
            return Mono.empty();
        }
    }

    private static EventProcessorClient processor(
            CheckpointStore store, List<String> received, List<Throwable> errors) {
        return new EventProcessorClientBuilder()
                .connectionString(hubs.connectionString("processed"))
                .consumerGroup("$Default")
                .checkpointStore(store)
                .retryOptions(Sdk.fastRetry())
                // Claim every partition in the first load-balancing cycle instead of one per cycle.
                .loadBalancingStrategy(LoadBalancingStrategy.GREEDY)
                .loadBalancingUpdateInterval(Duration.ofSeconds(1))
                .initialPartitionEventPosition(partitionId -> EventPosition.earliest())
                .processEvent(context -> {
                    received.add(context.getEventData().getBodyAsString());
                    context.updateCheckpoint();
                })
                .processError(context -> errors.add(context.getThrowable()))
                .buildEventProcessorClient();
    }

    /**
     * Stops a processor without waiting for stop() itself, which in SDK 5.21.3 can block for its full 10 s timeout:
     * when a partition's receive stream completes on the pump's own scheduler, PartitionPump.close() blocks on
     * disposing that very scheduler. stop() releases the ownerships (owner id "") right away; that is what a
     * successor needs, so that is what this waits for.
     */
    private static void stopInTheBackground(EventProcessorClient processor, InMemoryCheckpointStore store) {
        Thread stopper = new Thread(processor::stop, "event-processor-stop");
        stopper.setDaemon(true);
        stopper.start();
        Sdk.await(
                "the processor to release its partitions",
                () -> store.ownerships.values().stream()
                        .allMatch(o -> o.getOwnerId().isEmpty()));
    }

    @Test
    void processesEveryPartitionAndResumesFromCheckpoints() {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore();
        try (EventHubProducerClient producer = Sdk.builder(hubs, "processed").buildProducerClient()) {
            for (int i = 0; i < 9; i++) {
                producer.send(
                        List.of(new EventData("first-" + i)),
                        new SendOptions().setPartitionId(Integer.toString(i % 3)));
            }
            List<String> received = new CopyOnWriteArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            EventProcessorClient first = processor(store, received, errors);
            List<Throwable> errorsWhileRunning;
            first.start();
            try {
                Sdk.await(
                        "the first processor to process 9 events (has " + received + ", errors " + errors + ")",
                        () -> received.size() >= 9);
                // stop() reports its own shutdown ("Scheduler unavailable") through processError; only what came before
                // counts.
                errorsWhileRunning = List.copyOf(errors);
            } finally {
                stopInTheBackground(first, store);
            }
            assertThat(received)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 9)
                            .mapToObj(i -> "first-" + i)
                            .toList());
            // One receiver per partition, each with owner level 0 (an epoch), so nothing was stolen or refused.
            assertThat(errorsWhileRunning).isEmpty();
            assertThat(store.checkpoints).hasSize(3);
            assertThat(store.checkpoints.values())
                    .allSatisfy(c -> assertThat(c.getSequenceNumber()).isEqualTo(2));

            for (int i = 0; i < 3; i++) {
                producer.send(
                        List.of(new EventData("second-" + i)), new SendOptions().setPartitionId(Integer.toString(i)));
            }
            List<String> resumed = new CopyOnWriteArrayList<>();
            List<Throwable> secondErrors = new CopyOnWriteArrayList<>();
            EventProcessorClient second = processor(store, resumed, secondErrors);
            second.start();
            try {
                Sdk.await(
                        "the restarted processor to process 3 events (has " + resumed + ", errors " + secondErrors
                                + ")",
                        () -> resumed.size() >= 3);
                // Give a wrongly inclusive resume the time to show a duplicate.
                Thread.sleep(300);
                assertThat(secondErrors).isEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopInTheBackground(second, store);
            }
            assertThat(resumed).containsExactlyInAnyOrder("second-0", "second-1", "second-2");
        }
    }
}

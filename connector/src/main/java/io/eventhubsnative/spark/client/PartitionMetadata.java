package io.eventhubsnative.spark.client;

import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NumericOrder;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * Reads every partition's bounds from the management API in one parallel round (never one partition after
 * another), bounded by {@code eventhubs.operationTimeout} in all, retries included. A round cut by a dropped
 * connection or a busy service is repeated, up to {@code eventhubs.maxRetries} times: the read changes nothing,
 * and failing the query there would make every network blip a restart.
 */
public final class PartitionMetadata {

    private PartitionMetadata() {}

    /** Partition id -> bounds, sorted by partition id as a number. */
    public static Map<String, PartitionBounds> fetch(EventHubsOptions options) {
        Duration timeout = options.operationTimeout();
        try (EventHubsClients.Lease<EventHubConsumerAsyncClient> client = EventHubsClients.consumer(options)) {
            try {
                return fetch(client.client(), timeout, options.maxRetries());
            } catch (RuntimeException e) {
                client.retireIfBroken(e);
                throw EventHubsErrors.explain(e, options, "read the partitions of", timeout);
            }
        }
    }

    static Map<String, PartitionBounds> fetch(EventHubConsumerAsyncClient client, Duration timeout, int retries) {
        return client.getEventHubProperties()
                .flatMapMany(hub -> Flux.fromIterable(hub.getPartitionIds()))
                .flatMap(client::getPartitionProperties, 256)
                .map(PartitionMetadata::bounds)
                .collectMap(
                        PartitionBounds::partitionId,
                        b -> b,
                        () -> new TreeMap<String, PartitionBounds>(NumericOrder.INSTANCE))
                .retryWhen(Retry.backoff(retries, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(2))
                        .filter(EventHubsErrors::isTransient)
                        // The last failure itself, so the user's message says what went wrong rather than "retries
                        // exhausted".
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .timeout(timeout)
                .block();
    }

    private static PartitionBounds bounds(PartitionProperties p) {
        long begin = p.getBeginningSequenceNumber();
        long end = Math.max(begin, p.getLastEnqueuedSequenceNumber() + 1);
        long lastTime =
                p.getLastEnqueuedTime() == null ? 0 : p.getLastEnqueuedTime().toEpochMilli();
        return new PartitionBounds(p.getId(), begin, end, p.getLastEnqueuedOffset(), lastTime);
    }
}

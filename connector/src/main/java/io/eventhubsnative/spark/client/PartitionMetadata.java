package io.eventhubsnative.spark.client;

import com.azure.core.util.IterableStream;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NumericOrder;
import io.eventhubsnative.spark.config.OptionKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
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

    /**
     * Partition id -> bounds of the partitions to read ({@code eventhubs.partitions}, else all), sorted by partition id
     * as a number.
     *
     * @throws IllegalArgumentException when {@code eventhubs.partitions} lists a partition the hub does not have
     */
    public static Map<String, PartitionBounds> fetch(EventHubsOptions options) {
        Duration timeout = options.operationTimeout();
        Interrupts.failIfInterrupted("read the partitions of event hub '" + options.eventHubName() + "'");
        try (EventHubsClients.Lease<EventHubConsumerAsyncClient> client = EventHubsClients.consumer(options)) {
            try {
                return fetch(client.client(), timeout, options.maxRetries(), ids -> selected(options, ids));
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                client.retireIfBroken(e);
                throw EventHubsErrors.explain(e, options, "read the partitions of", timeout);
            }
        }
    }

    static Map<String, PartitionBounds> fetch(
            EventHubConsumerAsyncClient client,
            Duration timeout,
            int retries,
            Function<IterableStream<String>, Iterable<String>> selection) {
        return client.getEventHubProperties()
                .flatMapMany(hub -> Flux.fromIterable(selection.apply(hub.getPartitionIds())))
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

    /** The hub's partitions that {@code eventhubs.partitions} lists, or all of them. */
    private static Iterable<String> selected(EventHubsOptions options, IterableStream<String> hubPartitions) {
        if (options.partitions().isEmpty()) {
            return hubPartitions;
        }
        List<String> all = new ArrayList<>();
        hubPartitions.forEach(all::add);
        for (String id : options.partitions()) {
            if (!all.contains(id)) {
                throw new IllegalArgumentException("Option '" + OptionKeys.PARTITIONS + "' lists partition " + id
                        + ", but event hub '" + options.eventHubName() + "' has partitions " + String.join(", ", all)
                        + ". Example: .option(\"" + OptionKeys.PARTITIONS + "\", \"" + all.get(0) + "\").");
            }
        }
        return options.partitions();
    }

    private static PartitionBounds bounds(PartitionProperties p) {
        long begin = p.getBeginningSequenceNumber();
        long end = Math.max(begin, p.getLastEnqueuedSequenceNumber() + 1);
        long lastTime =
                p.getLastEnqueuedTime() == null ? 0 : p.getLastEnqueuedTime().toEpochMilli();
        return new PartitionBounds(p.getId(), begin, end, p.getLastEnqueuedOffset(), lastTime);
    }
}

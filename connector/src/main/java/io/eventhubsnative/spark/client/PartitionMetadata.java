package io.eventhubsnative.spark.client;

import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.PartitionProperties;
import io.eventhubsnative.spark.config.EventHubsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;

/**
 * Reads every partition's bounds from the management API in one parallel round (never one partition after
 * another), bounded by {@code eventhubs.operationTimeout} in all, retries included.
 */
public final class PartitionMetadata {

  private PartitionMetadata() {}

  /** Partition id -> bounds, sorted by partition id as a number. */
  public static Map<String, PartitionBounds> fetch(EventHubsOptions options) {
    Duration timeout = options.operationTimeout();
    try {
      return fetch(EventHubsClients.consumer(options), timeout);
    } catch (RuntimeException e) {
      throw EventHubsErrors.explain(e, options, "read the partitions of", timeout);
    }
  }

  static Map<String, PartitionBounds> fetch(EventHubConsumerAsyncClient client, Duration timeout) {
    return client.getEventHubProperties()
        .flatMapMany(hub -> Flux.fromIterable(hub.getPartitionIds()))
        .flatMap(client::getPartitionProperties, 256)
        .map(PartitionMetadata::bounds)
        .collectMap(PartitionBounds::partitionId, b -> b, () -> new TreeMap<String, PartitionBounds>(NumericOrder.INSTANCE))
        .timeout(timeout)
        .block();
  }

  private static PartitionBounds bounds(PartitionProperties p) {
    long begin = p.getBeginningSequenceNumber();
    long end = Math.max(begin, p.getLastEnqueuedSequenceNumber() + 1);
    long lastTime = p.getLastEnqueuedTime() == null ? 0 : p.getLastEnqueuedTime().toEpochMilli();
    return new PartitionBounds(p.getId(), begin, end, p.getLastEnqueuedOffset(), lastTime);
  }
}

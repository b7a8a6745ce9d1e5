package io.eventhubsnative.spark.read;

import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import io.eventhubsnative.spark.client.EventHubsClients;
import io.eventhubsnative.spark.client.PartitionBounds;
import io.eventhubsnative.spark.client.PartitionMetadata;
import io.eventhubsnative.spark.config.EventHubsOptions;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch read ({@code spark.read}): the starting and ending positions are resolved once, on the driver, for all
 * partitions in one parallel round, and every partition with events in {@code [start, end)} becomes one task.
 * Planning again (Spark may ask more than once) returns the same ranges.
 */
final class EventHubsBatch implements Batch {

    private static final Logger LOG = LoggerFactory.getLogger(EventHubsBatch.class);

    private final EventHubsOptions options;
    private final EventHubsReaderFactory readers;
    private InputPartition[] planned;

    EventHubsBatch(EventHubsOptions options) {
        this.options = options;
        this.readers = EventHubsReaderFactory.forBatch(options);
    }

    @Override
    public synchronized InputPartition[] planInputPartitions() {
        if (planned == null) {
            planned = plan();
        }
        return planned.clone();
    }

    private InputPartition[] plan() {
        Map<String, PartitionBounds> bounds = PartitionMetadata.fetch(options);
        Map<String, Long> start;
        Map<String, Long> end;
        try (EventHubsClients.Lease<EventHubConsumerAsyncClient> client = EventHubsClients.consumer(options)) {
            start = StartingOffsets.resolve(
                    bounds,
                    id -> options.startingPosition(id, EventHubsOptions.BATCH_START),
                    client.client(),
                    options.operationTimeout(),
                    StartingOffsets.STARTING);
            end = StartingOffsets.resolve(
                    bounds,
                    options::endingPosition,
                    client.client(),
                    options.operationTimeout(),
                    StartingOffsets.ENDING);
        }
        Map<String, long[]> ranges = BatchRanges.plan(options, bounds, start, end);
        ExecutorLocations executors = ExecutorLocations.current();
        List<EventHubsInputPartition> partitions = EventHubsInputPartition.plan(ranges, executors);
        LOG.info("{} reads {}", this, partitions);
        return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return readers;
    }

    @Override
    public String toString() {
        return "EventHubsBatch[namespace=" + options.fullyQualifiedNamespace() + ", eventHub=" + options.eventHubName()
                + ", consumerGroup=" + options.consumerGroup() + "]";
    }
}

package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NumericOrder;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.PartitionOffset;
import org.apache.spark.sql.connector.read.streaming.SupportsRealTimeMode;

/**
 * The stream on Spark 4.1 and later: micro-batches exactly as {@link EventHubsMicroBatchStream}, and real-time mode
 * ({@code Trigger.RealTime}). There each batch runs one long task per partition from the batch's start offset, with no
 * end: the tasks report where they stopped when the batch's time is up, and those sequence numbers, merged, are the
 * offset Spark checkpoints and the next batch starts from. Receive links stay open across batches as in micro-batch
 * mode, so a batch boundary does not wait for new links.
 */
final class RealTimeStream extends EventHubsMicroBatchStream implements SupportsRealTimeMode {

    private Map<String, Long> plannedStarts;
    private InputPartition[] planned;

    RealTimeStream(EventHubsOptions options, String checkpointLocation, Configuration hadoopConf) {
        super(options, checkpointLocation, hadoopConf);
    }

    @Override
    public void prepareForRealTimeMode() {
        if (options().maxEventsPerTrigger() != null || options().minEventsPerTrigger() != null) {
            throw new IllegalArgumentException(
                    "eventhubs.maxEventsPerTrigger and eventhubs.minEventsPerTrigger size micro-batches, but a"
                            + " Trigger.RealTime query reads each event as it arrives: remove them, or run the query"
                            + " with a micro-batch trigger such as Trigger.ProcessingTime(\"10 seconds\").");
        }
    }

    @Override
    public InputPartition[] planInputPartitions(Offset start) {
        Map<String, Long> starts = realTimeStarts((EventHubsSourceOffset) start);
        if (starts != plannedStarts) {
            // A new batch; the same batch planned again gets the same ranges on the same executors.
            Map<String, long[]> ranges = new TreeMap<>(NumericOrder.INSTANCE);
            for (Map.Entry<String, Long> entry : starts.entrySet()) {
                ranges.put(entry.getKey(), new long[] {entry.getValue(), EventHubsInputPartition.UNBOUNDED});
            }
            planned = EventHubsInputPartition.plan(ranges, ExecutorLocations.current(), 0)
                    .toArray(new InputPartition[0]);
            plannedStarts = starts;
        }
        return planned.clone();
    }

    @Override
    public Offset mergeOffsets(PartitionOffset[] offsets) {
        // Spark merges the tasks' offsets as soon as they ended; the next batch's latestOffset call comes after its
        // offset and commit logs are written, time enough to read the bounds meanwhile.
        readBoundsForNextBatch();
        Map<String, Long> next = new TreeMap<>(NumericOrder.INSTANCE);
        for (PartitionOffset offset : offsets) {
            RealTimePartitionOffset position = (RealTimePartitionOffset) offset;
            next.put(position.partitionId(), position.sequenceNumber());
        }
        return new EventHubsSourceOffset(options().eventHubName(), next);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new RealTimeReaderFactory((EventHubsReaderFactory) super.createReaderFactory());
    }
}

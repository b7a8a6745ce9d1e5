package io.eventhubsnative.spark.read;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Readers of a stream on Spark 4.1+: real-time ones for the unbounded ranges of real-time mode, plain ones else. */
final class RealTimeReaderFactory implements PartitionReaderFactory {

    private static final long serialVersionUID = 1L;

    private final EventHubsReaderFactory readers;

    RealTimeReaderFactory(EventHubsReaderFactory readers) {
        this.readers = readers;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        EventHubsPartitionReader reader = readers.createReader(partition);
        return ((EventHubsInputPartition) partition).until() == EventHubsInputPartition.UNBOUNDED
                ? new RealTimePartitionReader(reader)
                : reader;
    }
}

package io.eventhubsnative.spark.read;

import org.apache.spark.sql.connector.read.streaming.PartitionOffset;

/** Where a real-time task of one partition stopped: the sequence number of the next event to read. */
final class RealTimePartitionOffset implements PartitionOffset {

    private static final long serialVersionUID = 1L;

    private final String partitionId;
    private final long sequenceNumber;

    RealTimePartitionOffset(String partitionId, long sequenceNumber) {
        this.partitionId = partitionId;
        this.sequenceNumber = sequenceNumber;
    }

    String partitionId() {
        return partitionId;
    }

    long sequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public String toString() {
        return "partition " + partitionId + " at " + sequenceNumber;
    }
}

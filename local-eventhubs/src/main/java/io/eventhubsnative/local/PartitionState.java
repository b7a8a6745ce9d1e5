package io.eventhubsnative.local;

/**
 * What `$management` would report for a partition: the first retained and the last enqueued sequence number
 * ({@code last = begin - 1} when the partition is empty).
 */
public record PartitionState(String partitionId, long beginSequenceNumber, long lastSequenceNumber) {

    public boolean isEmpty() {
        return lastSequenceNumber < beginSequenceNumber;
    }

    public long retainedEvents() {
        return lastSequenceNumber - beginSequenceNumber + 1;
    }
}

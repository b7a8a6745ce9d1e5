package io.eventhubsnative.spark.client;

import java.io.Serializable;

/** A partition's retained range as `$management` reports it: first retained and next-to-be-written sequence numbers. */
public final class PartitionBounds implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String partitionId;
    private final long begin;
    private final long end;
    private final String lastOffset;
    private final long lastEnqueuedTimeMillis;

    public PartitionBounds(String partitionId, long begin, long end, String lastOffset, long lastEnqueuedTimeMillis) {
        this.partitionId = partitionId;
        this.begin = begin;
        this.end = end;
        this.lastOffset = lastOffset;
        this.lastEnqueuedTimeMillis = lastEnqueuedTimeMillis;
    }

    public String partitionId() {
        return partitionId;
    }

    /** The oldest retained sequence number. */
    public long begin() {
        return begin;
    }

    /** The sequence number the next event will get: last enqueued + 1 (end-exclusive). */
    public long end() {
        return end;
    }

    public boolean isEmpty() {
        return end <= begin;
    }

    /** The offset of the last enqueued event, or null when none was ever enqueued. */
    public String lastOffset() {
        return lastOffset;
    }

    public long lastEnqueuedTimeMillis() {
        return lastEnqueuedTimeMillis;
    }

    @Override
    public String toString() {
        return "partition " + partitionId + " [" + begin + ", " + end + ")";
    }
}

package io.eventhubsnative.spark.read;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * The first unread event of each partition that a reader already holds (prefetched past its range): partition id
 * -> {sequence number, enqueued time in epoch ms}. Readers add to it on the executors; the stream reads it on the
 * driver to tell how old its oldest unread event is, without a read of its own.
 */
final class NextEvents extends AccumulatorV2<NextEvents.Seen, Map<String, long[]>> {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, long[]> seen = new HashMap<>();

    /** What one reader saw: the event at {@code sequenceNumber} of a partition, enqueued at {@code enqueuedMillis}. */
    static final class Seen implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final String partitionId;
        final long sequenceNumber;
        final long enqueuedMillis;

        Seen(String partitionId, long sequenceNumber, long enqueuedMillis) {
            this.partitionId = partitionId;
            this.sequenceNumber = sequenceNumber;
            this.enqueuedMillis = enqueuedMillis;
        }
    }

    @Override
    public boolean isZero() {
        synchronized (seen) {
            return seen.isEmpty();
        }
    }

    @Override
    public NextEvents copy() {
        NextEvents copy = new NextEvents();
        synchronized (seen) {
            seen.forEach((id, event) -> copy.seen.put(id, event.clone()));
        }
        return copy;
    }

    @Override
    public void reset() {
        synchronized (seen) {
            seen.clear();
        }
    }

    @Override
    public void add(Seen event) {
        keep(event.partitionId, new long[] {event.sequenceNumber, event.enqueuedMillis});
    }

    @Override
    public void merge(AccumulatorV2<Seen, Map<String, long[]>> other) {
        other.value().forEach(this::keep);
    }

    /** The latest position wins: an older report is of an event read since. */
    private void keep(String partitionId, long[] event) {
        synchronized (seen) {
            long[] known = seen.get(partitionId);
            if (known == null || known[0] < event[0]) {
                seen.put(partitionId, event);
            }
        }
    }

    @Override
    public Map<String, long[]> value() {
        synchronized (seen) {
            return new HashMap<>(seen);
        }
    }
}

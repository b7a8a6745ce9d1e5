package io.eventhubsnative.local.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The retained events of one partition. Sequence numbers start at 0; an event's offset is the byte position of
 * the event in the partition's log, as on the service. Events are kept as their encoded sections in parallel
 * arrays (no decoded message objects), so millions of them fit in a test JVM.
 */
public final class PartitionLog {

    private static final int INITIAL_CAPACITY = 1024;

    private final String hubName;
    private final String partitionId;
    private final Runnable onAppend;

    // Slot i holds sequence number (firstSlotSequence + i); slots below 'begin' are expired and nulled.
    private long firstSlotSequence;
    private int size;
    private long begin;
    private long nextOffset;
    private long lastOffset = -1;
    private long lastEnqueuedTime;
    private byte[][] sections = new byte[INITIAL_CAPACITY][];
    private long[] offsets = new long[INITIAL_CAPACITY];
    private long[] times = new long[INITIAL_CAPACITY];
    private String[] keys = new String[INITIAL_CAPACITY];
    private Object[] annotations = new Object[INITIAL_CAPACITY];

    PartitionLog(String hubName, String partitionId, Runnable onAppend) {
        this.hubName = hubName;
        this.partitionId = partitionId;
        this.onAppend = onAppend;
    }

    public String hubName() {
        return hubName;
    }

    public String partitionId() {
        return partitionId;
    }

    /** Appends one event and returns its sequence number. */
    public long append(byte[] eventSections, String partitionKey, Map<Object, Object> extraAnnotations) {
        long sequenceNumber;
        synchronized (this) {
            sequenceNumber = appendLocked(eventSections, partitionKey, extraAnnotations, System.currentTimeMillis());
        }
        onAppend.run();
        return sequenceNumber;
    }

    /** Appends events atomically (a producer's batch is never interleaved with another) and returns the first sequence number. */
    public long appendAll(
            List<byte[]> eventSections, List<String> partitionKeys, List<Map<Object, Object>> extraAnnotations) {
        long first;
        synchronized (this) {
            long now = System.currentTimeMillis();
            first = firstSlotSequence + size;
            for (int i = 0; i < eventSections.size(); i++) {
                appendLocked(
                        eventSections.get(i),
                        partitionKeys == null ? null : partitionKeys.get(i),
                        extraAnnotations == null ? null : extraAnnotations.get(i),
                        now);
            }
        }
        onAppend.run();
        return first;
    }

    private long appendLocked(byte[] eventSections, String partitionKey, Map<Object, Object> extra, long now) {
        ensureCapacity();
        int slot = size++;
        sections[slot] = eventSections;
        offsets[slot] = nextOffset;
        // Enqueued times never go backwards, so an enqueued-time filter is a binary search.
        lastEnqueuedTime = Math.max(lastEnqueuedTime, now);
        times[slot] = lastEnqueuedTime;
        keys[slot] = partitionKey;
        annotations[slot] = extra == null || extra.isEmpty() ? null : extra;
        lastOffset = nextOffset;
        nextOffset += eventSections.length;
        return firstSlotSequence + slot;
    }

    private void ensureCapacity() {
        if (size < sections.length) {
            return;
        }
        int expired = (int) (begin - firstSlotSequence);
        if (expired > sections.length / 2) {
            // Reclaim the slots of expired events instead of growing.
            int live = size - expired;
            System.arraycopy(sections, expired, sections, 0, live);
            System.arraycopy(offsets, expired, offsets, 0, live);
            System.arraycopy(times, expired, times, 0, live);
            System.arraycopy(keys, expired, keys, 0, live);
            System.arraycopy(annotations, expired, annotations, 0, live);
            Arrays.fill(sections, live, size, null);
            Arrays.fill(keys, live, size, null);
            Arrays.fill(annotations, live, size, null);
            firstSlotSequence = begin;
            size = live;
            return;
        }
        int capacity = sections.length * 2;
        sections = Arrays.copyOf(sections, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
        times = Arrays.copyOf(times, capacity);
        keys = Arrays.copyOf(keys, capacity);
        annotations = Arrays.copyOf(annotations, capacity);
    }

    public synchronized long beginSequenceNumber() {
        return begin;
    }

    /** The sequence number the next appended event gets; {@code lastSequenceNumber() + 1}. */
    public synchronized long endSequenceNumber() {
        return firstSlotSequence + size;
    }

    public synchronized Snapshot snapshot() {
        // Once events expired, the service still reports the last enqueued event's offset and time.
        return new Snapshot(begin, firstSlotSequence + size - 1, lastOffset, lastEnqueuedTime);
    }

    /** Partition properties as `$management` reports them. */
    public record Snapshot(long beginSequenceNumber, long lastSequenceNumber, long lastOffset, long lastEnqueuedTime) {
        public boolean isEmpty() {
            return lastSequenceNumber < beginSequenceNumber;
        }
    }

    /** Reads up to {@code max} events from {@code fromSequence} on; an expired start reads from the oldest retained. */
    public synchronized List<StoredEvent> read(long fromSequence, int max) {
        long from = Math.max(fromSequence, begin);
        long end = firstSlotSequence + size;
        int count = (int) Math.max(0, Math.min(max, end - from));
        List<StoredEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int slot = (int) (from + i - firstSlotSequence);
            @SuppressWarnings("unchecked")
            Map<Object, Object> extra = (Map<Object, Object>) annotations[slot];
            events.add(new StoredEvent(from + i, offsets[slot], times[slot], keys[slot], extra, sections[slot]));
        }
        return events;
    }

    /** The first retained sequence number whose offset is above (or at, when inclusive) the given offset. */
    public synchronized long sequenceAfterOffset(long offset, boolean inclusive) {
        int lo = (int) (begin - firstSlotSequence);
        int found = firstSlot(lo, offsets, inclusive ? offset - 1 : offset);
        return firstSlotSequence + found;
    }

    /** The first retained sequence number enqueued after (or at, when inclusive) the given time. */
    public synchronized long sequenceAfterTime(long epochMillis, boolean inclusive) {
        int lo = (int) (begin - firstSlotSequence);
        int found = firstSlot(lo, times, inclusive ? epochMillis - 1 : epochMillis);
        return firstSlotSequence + found;
    }

    /** Binary search for the first slot in [lo, size) whose value is greater than {@code bound}. */
    private int firstSlot(int lo, long[] values, long bound) {
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] > bound) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Expires the oldest {@code count} retained events; returns the new begin sequence number. */
    public synchronized long expire(long count) {
        return expireTo(Math.min(begin + Math.max(0, count), firstSlotSequence + size));
    }

    /** Expires every event enqueued before {@code epochMillis}; returns the new begin sequence number. */
    public synchronized long expireBefore(long epochMillis) {
        return expireTo(sequenceAfterTime(epochMillis, true));
    }

    private long expireTo(long newBegin) {
        for (long s = begin; s < newBegin; s++) {
            int slot = (int) (s - firstSlotSequence);
            sections[slot] = null;
            keys[slot] = null;
            annotations[slot] = null;
        }
        begin = Math.max(begin, newBegin);
        return begin;
    }
}

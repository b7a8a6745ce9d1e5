package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.NumericOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One task's work: events {@code [from, until)} of one partition, preferably on the executor that read it last.
 * It also carries where the next ranges planned for the same executor start, so a task there can open their
 * receive links early: with fewer task slots than partitions, later tasks then find their events waiting.
 */
final class EventHubsInputPartition implements InputPartition {

    private static final long serialVersionUID = 2L;

    /**
     * Siblings listed per range: the next ones in partition order on the same executor. Listing them all made planning
     * and task serialization quadratic (a million map entries for 1,024 partitions); tasks run roughly in partition
     * order, so each one warming the next few keeps the links ahead of the tasks.
     */
    static final int MAX_SIBLINGS = 16;

    /** The end of a real-time task's range: it reads until the batch's time is up. */
    static final long UNBOUNDED = Long.MAX_VALUE;

    private final String partitionId;
    private final long from;
    private final long until;
    private final String preferredLocation;
    private final TreeMap<String, Long> siblingStarts;

    EventHubsInputPartition(
            String partitionId, long from, long until, String preferredLocation, Map<String, Long> siblingStarts) {
        this.partitionId = partitionId;
        this.from = from;
        this.until = until;
        this.preferredLocation = preferredLocation;
        this.siblingStarts = new TreeMap<>(NumericOrder.INSTANCE);
        this.siblingStarts.putAll(siblingStarts);
    }

    /** One input partition per non-empty range {@code partition -> [from, until)}, in partition order. */
    static List<EventHubsInputPartition> plan(Map<String, long[]> ranges, ExecutorLocations executors) {
        return plan(ranges, executors, MAX_SIBLINGS);
    }

    /**
     * As {@link #plan(Map, ExecutorLocations)}, each range carrying the starts of at most {@code maxSiblings} others of
     * its executor (none for real-time mode, whose tasks all run at once and open their own links).
     */
    static List<EventHubsInputPartition> plan(
            Map<String, long[]> ranges, ExecutorLocations executors, int maxSiblings) {
        Map<String, String> locations = new TreeMap<>(NumericOrder.INSTANCE);
        for (Map.Entry<String, long[]> range : ranges.entrySet()) {
            if (range.getValue()[1] > range.getValue()[0]) {
                locations.put(range.getKey(), executors.forPartition(range.getKey()));
            }
        }
        Map<String, List<String>> byExecutor = new HashMap<>();
        for (Map.Entry<String, String> entry : locations.entrySet()) {
            byExecutor
                    .computeIfAbsent(String.valueOf(entry.getValue()), k -> new ArrayList<>())
                    .add(entry.getKey());
        }
        Map<String, EventHubsInputPartition> planned = new HashMap<>();
        for (List<String> group : byExecutor.values()) {
            for (int index = 0; index < group.size(); index++) {
                String own = group.get(index);
                Map<String, Long> siblings = new TreeMap<>(NumericOrder.INSTANCE);
                for (int i = 1; i <= Math.min(maxSiblings, group.size() - 1); i++) {
                    String sibling = group.get((index + i) % group.size());
                    siblings.put(sibling, ranges.get(sibling)[0]);
                }
                long[] range = ranges.get(own);
                planned.put(own, new EventHubsInputPartition(own, range[0], range[1], locations.get(own), siblings));
            }
        }
        List<EventHubsInputPartition> partitions = new ArrayList<>();
        for (String partitionId : locations.keySet()) {
            partitions.add(planned.get(partitionId));
        }
        return partitions;
    }

    String partitionId() {
        return partitionId;
    }

    long from() {
        return from;
    }

    long until() {
        return until;
    }

    /** Partition id -> first sequence number of the other ranges planned for this executor. */
    Map<String, Long> siblingStarts() {
        return Collections.unmodifiableMap(siblingStarts);
    }

    @Override
    public String[] preferredLocations() {
        return preferredLocation == null ? new String[0] : new String[] {preferredLocation};
    }

    @Override
    public String toString() {
        return "partition " + partitionId + " [" + from + ", " + (until == UNBOUNDED ? "..." : until) + ")";
    }
}

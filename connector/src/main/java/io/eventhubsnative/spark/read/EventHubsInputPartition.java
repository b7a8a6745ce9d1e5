package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.client.NumericOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One task's work: events {@code [from, until)} of one partition, preferably on the executor that read it last.
 * It also carries where the other ranges planned for the same executor start, so the first task there can open
 * their receive links early: with fewer task slots than partitions, later tasks then find their events waiting.
 */
final class EventHubsInputPartition implements InputPartition {

  private static final long serialVersionUID = 2L;

  private final String partitionId;
  private final long from;
  private final long until;
  private final String preferredLocation;
  private final TreeMap<String, Long> siblingStarts;

  EventHubsInputPartition(String partitionId, long from, long until, String preferredLocation,
      Map<String, Long> siblingStarts) {
    this.partitionId = partitionId;
    this.from = from;
    this.until = until;
    this.preferredLocation = preferredLocation;
    this.siblingStarts = new TreeMap<>(NumericOrder.INSTANCE);
    this.siblingStarts.putAll(siblingStarts);
  }

  /** One input partition per non-empty range {@code partition -> [from, until)}, in partition order. */
  static List<EventHubsInputPartition> plan(Map<String, long[]> ranges, ExecutorLocations executors) {
    Map<String, String> locations = new TreeMap<>(NumericOrder.INSTANCE);
    for (Map.Entry<String, long[]> range : ranges.entrySet()) {
      if (range.getValue()[1] > range.getValue()[0]) {
        locations.put(range.getKey(), executors.forPartition(range.getKey()));
      }
    }
    List<EventHubsInputPartition> partitions = new ArrayList<>();
    for (Map.Entry<String, String> own : locations.entrySet()) {
      Map<String, Long> siblings = new TreeMap<>(NumericOrder.INSTANCE);
      for (Map.Entry<String, String> other : locations.entrySet()) {
        if (!other.getKey().equals(own.getKey()) && Objects.equals(other.getValue(), own.getValue())) {
          siblings.put(other.getKey(), ranges.get(other.getKey())[0]);
        }
      }
      long[] range = ranges.get(own.getKey());
      partitions.add(new EventHubsInputPartition(own.getKey(), range[0], range[1], own.getValue(), siblings));
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
    return "partition " + partitionId + " [" + from + ", " + until + ")";
  }
}

package io.eventhubsnative.spark.read;

import org.apache.spark.sql.connector.read.InputPartition;

/** One task's work: events {@code [from, until)} of one partition, preferably on the executor that read it last. */
final class EventHubsInputPartition implements InputPartition {

  private static final long serialVersionUID = 1L;

  private final String partitionId;
  private final long from;
  private final long until;
  private final String preferredLocation;

  EventHubsInputPartition(String partitionId, long from, long until, String preferredLocation) {
    this.partitionId = partitionId;
    this.from = from;
    this.until = until;
    this.preferredLocation = preferredLocation;
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

  @Override
  public String[] preferredLocations() {
    return preferredLocation == null ? new String[0] : new String[] {preferredLocation};
  }

  @Override
  public String toString() {
    return "partition " + partitionId + " [" + from + ", " + until + ")";
  }
}

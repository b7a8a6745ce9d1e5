package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.EventHubsOptions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Shipped to executors with the options (plain strings: credentials are rebuilt there, never serialized). */
final class EventHubsReaderFactory implements PartitionReaderFactory {

  private static final long serialVersionUID = 1L;

  private final EventHubsOptions options;

  EventHubsReaderFactory(EventHubsOptions options) {
    this.options = options;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new EventHubsPartitionReader(options, (EventHubsInputPartition) partition);
  }
}

package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.EventHubsOptions;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** An event hub as a table that streams can read. */
public final class EventHubsTable implements SupportsRead {

  private final EventHubsOptions options;

  public EventHubsTable(EventHubsOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "eventhubs-native:" + options.fullyQualifiedNamespace() + "/" + options.eventHubName();
  }

  @Override
  public StructType schema() {
    return EventSchema.SCHEMA;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.MICRO_BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
    return () -> new EventHubsScan(options);
  }
}

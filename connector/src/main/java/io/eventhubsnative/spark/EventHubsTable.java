package io.eventhubsnative.spark;

import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.read.EventHubsScanBuilder;
import io.eventhubsnative.spark.read.EventSchema;
import io.eventhubsnative.spark.write.EventHubsWriteBuilder;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** An event hub as a table that batch and streaming queries can read ({@code read}) and write ({@code write}). */
public final class EventHubsTable implements SupportsRead, SupportsWrite {

    private final EventHubsOptions options;

    public EventHubsTable(EventHubsOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "eventhubs-native:" + options.fullyQualifiedNamespace() + "/" + options.eventHubName();
    }

    /** What Spark shows as the sink of a stream writing here. */
    @Override
    public String toString() {
        return name();
    }

    @Override
    public StructType schema() {
        return EventSchema.of(options);
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(
                TableCapability.BATCH_READ,
                TableCapability.MICRO_BATCH_READ,
                // The sink checks the columns itself (write.WriteSchema): they are not the read schema.
                TableCapability.BATCH_WRITE,
                TableCapability.STREAMING_WRITE,
                TableCapability.ACCEPT_ANY_SCHEMA);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new EventHubsScanBuilder(options);
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        return new EventHubsWriteBuilder(options, info);
    }
}

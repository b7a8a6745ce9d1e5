package io.eventhubsnative.spark.write;

import io.eventhubsnative.spark.config.EventHubsOptions;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.internal.connector.SupportsStreamingUpdateAsAppend;

/**
 * Checks the query's columns ({@link WriteSchema}) and builds the write. Like Spark's Kafka sink it takes the
 * streaming output modes Update and Complete as appends ({@link SupportsTruncate#truncate()} does nothing: an event
 * hub cannot be emptied); a batch overwrite is refused by Spark, as the table has no {@code TRUNCATE} capability.
 */
public final class EventHubsWriteBuilder implements WriteBuilder, SupportsTruncate, SupportsStreamingUpdateAsAppend {

    private final EventHubsOptions options;
    private final WriteSchema schema;

    public EventHubsWriteBuilder(EventHubsOptions options, LogicalWriteInfo info) {
        this.options = options;
        this.schema = WriteSchema.of(info.schema(), options.encode());
    }

    @Override
    public WriteBuilder truncate() {
        return this;
    }

    @Override
    public Write build() {
        return new EventHubsWrite(options, schema);
    }
}

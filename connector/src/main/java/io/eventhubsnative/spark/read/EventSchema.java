package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.avro.ValueDecoder;
import io.eventhubsnative.spark.config.EventHubsOptions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The read schema: the legacy connector's columns, so queries written for it keep working; when the options decode
 * on read, also {@code value} (the decoded body) and {@code valueError} (why it could not be decoded, in PERMISSIVE
 * mode).
 */
public final class EventSchema {

    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("body", DataTypes.BinaryType, true),
        DataTypes.createStructField("partition", DataTypes.StringType, false),
        DataTypes.createStructField("offset", DataTypes.StringType, false),
        DataTypes.createStructField("sequenceNumber", DataTypes.LongType, false),
        DataTypes.createStructField("enqueuedTime", DataTypes.TimestampType, false),
        DataTypes.createStructField("publisher", DataTypes.StringType, true),
        DataTypes.createStructField("partitionKey", DataTypes.StringType, true),
        DataTypes.createStructField(
                "properties", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true),
        DataTypes.createStructField(
                "systemProperties", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
    });

    private EventSchema() {}

    /** The columns a read with these options gives. */
    public static StructType of(EventHubsOptions options) {
        if (options.decode() == null) {
            return SCHEMA;
        }
        return SCHEMA.add("value", ValueDecoder.type(options.decode()), true)
                .add("valueError", DataTypes.StringType, true);
    }
}

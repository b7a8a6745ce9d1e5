package io.eventhubsnative.spark.read;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The read schema: the legacy connector's columns, so queries written for it keep working. */
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
}

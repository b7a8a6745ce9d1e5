package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The IoT events of the examples: JSON bodies {@code {"device": "...", "status": "...", "timestamp": "..."}}. */
public final class IotEvents {

    /** The fixed schema the pipelines parse bodies with (never inferred from a stream). */
    public static final StructType SCHEMA = new StructType()
            .add("device", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("timestamp", DataTypes.TimestampType);

    private IotEvents() {}

    /**
     * {@code count} readings from {@code devices} devices, one second apart from {@code startEpochSecond}, with
     * statuses cycling through ok / warning / error.
     */
    public static Dataset<Row> readings(SparkSession spark, long count, int devices, long startEpochSecond) {
        return spark.range(count)
                .select(
                        concat(lit("device-"), col("id").mod(devices).cast("string"))
                                .as("device"),
                        expr("element_at(array('ok', 'warning', 'error'), cast(id % 3 as int) + 1)")
                                .as("status"),
                        expr("timestamp_seconds(" + startEpochSecond + " + id)").as("timestamp"));
    }

    /** Sends readings to the hub through the connector's sink, keyed by device so a device stays in one partition. */
    public static void send(EventHub hub, Dataset<Row> readings) {
        readings.select(
                        to_json(struct(col("device"), col("status"), col("timestamp")))
                                .as("body"),
                        col("device").as("partitionKey"))
                .write()
                .format("eventhubs-native")
                .options(hub.options())
                .mode("append")
                .save();
    }
}

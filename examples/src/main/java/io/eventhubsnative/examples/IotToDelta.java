package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Pipeline 1: IoT JSON events -> {@code from_json} with a fixed schema -> a Delta table, appended with a checkpoint.
 * The checkpoint holds each partition's next sequence number, so a restarted query goes on where the last committed
 * micro-batch ended: every event lands once.
 *
 * <pre>
 * EVENTHUBS_CONNECTION_STRING=... EVENTHUB_NAME=iot java ... io.eventhubsnative.examples.IotToDelta /lake/iot /lake/_checkpoints/iot
 * </pre>
 */
public final class IotToDelta {

    private IotToDelta() {}

    /** The parsed readings, with where each came from: (partition, sequenceNumber) identifies an event. */
    public static Dataset<Row> parse(Dataset<Row> events) {
        return events.select(
                        from_json(col("body").cast("string"), IotEvents.SCHEMA).as("reading"),
                        col("partition"),
                        col("sequenceNumber"),
                        col("enqueuedTime"))
                .select("reading.*", "partition", "sequenceNumber", "enqueuedTime");
    }

    public static StreamingQuery start(
            SparkSession spark, EventHub hub, String table, String checkpoint, Trigger trigger)
            throws TimeoutException {
        return parse(hub.readStream(spark).load())
                .writeStream()
                .format("delta")
                .outputMode("append")
                .option("checkpointLocation", checkpoint)
                .trigger(trigger)
                .start(table);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: IotToDelta <delta table path> <checkpoint path>");
        }
        SparkSession spark = Examples.session("iot-to-delta");
        StreamingQuery query =
                start(spark, EventHub.fromEnvironment(), args[0], args[1], Trigger.ProcessingTime("10 seconds"));
        query.awaitTermination();
    }
}

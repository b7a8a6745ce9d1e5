package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.window;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Pipeline 2: readings per device in 1-minute windows of event time, with a 5-minute watermark. In {@code update}
 * mode each micro-batch emits the windows it changed; in {@code complete} mode the whole result table. The
 * watermark lets Spark drop the state of windows older than the latest event time minus 5 minutes, so state stays
 * bounded in update mode (complete mode keeps every window by definition).
 */
public final class DeviceWindows {

    private DeviceWindows() {}

    public static Dataset<Row> countsPerDevice(Dataset<Row> events) {
        return IotToDelta.parse(events)
                .withWatermark("timestamp", "5 minutes")
                .groupBy(window(col("timestamp"), "1 minute"), col("device"))
                .count();
    }

    /** Writes the counts to an in-memory table {@code name} (for a notebook's display; use Delta for a lake). */
    public static StreamingQuery start(
            SparkSession spark, EventHub hub, String outputMode, String name, String checkpoint, Trigger trigger)
            throws TimeoutException {
        return countsPerDevice(hub.readStream(spark).load())
                .writeStream()
                .format("memory")
                .queryName(name)
                .outputMode(outputMode)
                .option("checkpointLocation", checkpoint)
                .trigger(trigger)
                .start();
    }

    public static void main(String[] args) throws Exception {
        String outputMode = args.length > 0 ? args[0] : "update";
        SparkSession spark = Examples.session("device-windows");
        countsPerDevice(EventHub.fromEnvironment().readStream(spark).load())
                .writeStream()
                .format("console")
                .option("truncate", "false")
                .outputMode(outputMode)
                .trigger(Trigger.ProcessingTime("10 seconds"))
                .start()
                .awaitTermination();
    }
}

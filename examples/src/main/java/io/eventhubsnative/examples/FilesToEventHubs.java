package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Pipeline 5: JSON files landing in a folder -> Event Hubs. The file source reads each new file once (its
 * checkpoint lists the files it has seen); the sink sends each row as an event keyed by device. The sink is
 * at-least-once: a micro-batch replayed after a failure may send some of its events again, so consumers that
 * need exactly-once deduplicate (e.g. on device + timestamp).
 */
public final class FilesToEventHubs {

    private FilesToEventHubs() {}

    public static StreamingQuery start(
            SparkSession spark, EventHub hub, String folder, String checkpoint, Trigger trigger)
            throws TimeoutException {
        return spark.readStream()
                .schema(IotEvents.SCHEMA)
                .json(folder)
                .select(
                        to_json(struct(col("device"), col("status"), col("timestamp")))
                                .as("body"),
                        col("device").as("partitionKey"))
                .writeStream()
                .format("eventhubs-native")
                .options(hub.options())
                .option("checkpointLocation", checkpoint)
                .trigger(trigger)
                .start();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: FilesToEventHubs <folder of JSON files> <checkpoint path>");
        }
        SparkSession spark = Examples.session("files-to-eventhubs");
        start(spark, EventHub.fromEnvironment(), args[0], args[1], Trigger.ProcessingTime("10 seconds"))
                .awaitTermination();
    }
}

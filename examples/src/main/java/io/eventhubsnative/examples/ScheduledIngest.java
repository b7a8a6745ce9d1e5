package io.eventhubsnative.examples;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Pipeline 4: incremental ingestion as a scheduled job (a Fabric pipeline or Databricks job every hour, say).
 * {@code Trigger.AvailableNow} reads exactly what the hub held when the run started, in micro-batches of at most
 * {@code maxEventsPerTrigger}, then stops; the next run starts where this one ended, from the checkpoint.
 */
public final class ScheduledIngest {

    private ScheduledIngest() {}

    /** Runs once and returns how many events it ingested. */
    public static long runOnce(SparkSession spark, EventHub hub, String table, String checkpoint)
            throws TimeoutException, StreamingQueryException {
        StreamingQuery query = IotToDelta.parse(hub.readStream(spark)
                        .option("maxEventsPerTrigger", "10000")
                        .load())
                .writeStream()
                .format("delta")
                .option("checkpointLocation", checkpoint)
                .trigger(Trigger.AvailableNow())
                .start(table);
        query.awaitTermination();
        long ingested = 0;
        for (StreamingQueryProgress progress : query.recentProgress()) {
            ingested += progress.numInputRows();
        }
        return ingested;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: ScheduledIngest <delta table path> <checkpoint path>");
        }
        SparkSession spark = Examples.session("scheduled-ingest");
        System.out.println("Ingested " + runOnce(spark, EventHub.fromEnvironment(), args[0], args[1]) + " events");
    }
}

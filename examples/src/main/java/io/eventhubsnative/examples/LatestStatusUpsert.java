package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import io.delta.tables.DeltaTable;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Pipeline 3: {@code foreachBatch} upsert. Each micro-batch keeps the latest reading per device and MERGEs it into a
 * Delta table keyed by device, updating a row only with a newer reading. A replayed micro-batch (after a crash
 * between the MERGE and the checkpoint commit) merges the same readings again and changes nothing.
 */
public final class LatestStatusUpsert {

    private LatestStatusUpsert() {}

    public static StreamingQuery start(
            SparkSession spark, EventHub hub, String table, String checkpoint, Trigger trigger)
            throws TimeoutException {
        if (!DeltaTable.isDeltaTable(spark, table)) {
            spark.createDataFrame(java.util.List.of(), IotEvents.SCHEMA)
                    .write()
                    .format("delta")
                    .save(table);
        }
        VoidFunction2<Dataset<Row>, Long> upsert = (batch, batchId) -> merge(spark, table, batch);
        return IotToDelta.parse(hub.readStream(spark).load())
                .writeStream()
                .foreachBatch(upsert)
                .option("checkpointLocation", checkpoint)
                .trigger(trigger)
                .start();
    }

    static void merge(SparkSession spark, String table, Dataset<Row> batch) {
        Dataset<Row> latest = batch.groupBy("device")
                .agg(max_by(struct(col("status"), col("timestamp")), col("timestamp"))
                        .as("last"))
                .select(
                        col("device"),
                        col("last.status").as("status"),
                        col("last.timestamp").as("timestamp"));
        DeltaTable.forPath(spark, table)
                .as("t")
                .merge(latest.as("u"), "t.device = u.device")
                .whenMatched("u.timestamp > t.timestamp")
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .execute();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: LatestStatusUpsert <delta table path> <checkpoint path>");
        }
        SparkSession spark = Examples.session("latest-status-upsert");
        start(spark, EventHub.fromEnvironment(), args[0], args[1], Trigger.ProcessingTime("10 seconds"))
                .awaitTermination();
    }
}

package io.eventhubsnative.reliability;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The driver {@link CrashTest} kills: a streaming query from an event hub into Delta, in its own JVM, as a user's
 * job runs it. Arguments: connection string, event hub, table dir, checkpoint dir.
 */
public final class CrashDriver {

    private CrashDriver() {}

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("crash-driver")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", args[0])
                .option("eventhubs.name", args[1])
                .option("eventhubs.startingPosition", "earliest")
                .option("maxEventsPerTrigger", 5_000)
                .load()
                .selectExpr("partition", "sequenceNumber", "cast(body as string) as body")
                .writeStream()
                .format("delta")
                .option("checkpointLocation", args[3])
                .trigger(Trigger.ProcessingTime(200))
                .start(args[2])
                .awaitTermination();
    }
}

package io.eventhubsnative.tests;

import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Run in a JVM of its own by {@link AuthTest} (the identity variables must be in the process environment): drains a
 * hub with {@code eventhubs.auth=managedIdentity} through a local Spark session and prints {@code COUNT=<rows>}.
 * Arguments: the endpoint's connection string, the hub.
 */
public final class ManagedIdentityMain {

    private ManagedIdentityMain() {}

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("managed-identity")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        int status = 1;
        try {
            StreamingQuery query = spark.readStream()
                    .format("eventhubs-native")
                    .option("eventhubs.connectionString", args[0])
                    .option("eventhubs.name", args[1])
                    .option("eventhubs.auth", "managedIdentity")
                    .option("eventhubs.startingPosition", "earliest")
                    .option("eventhubs.operationTimeout", "20s")
                    .load()
                    .writeStream()
                    .format("memory")
                    .queryName("events")
                    .trigger(Trigger.AvailableNow())
                    .start();
            if (!query.awaitTermination(TimeUnit.SECONDS.toMillis(120))) {
                query.stop();
                throw new IllegalStateException("The query did not finish");
            }
            long count = spark.sql("SELECT COUNT(*) FROM events").first().getLong(0);
            System.out.println("COUNT=" + count);
            status = 0;
        } catch (Throwable e) {
            e.printStackTrace(System.out);
        } finally {
            spark.stop();
        }
        System.out.flush();
        System.exit(status);
    }
}

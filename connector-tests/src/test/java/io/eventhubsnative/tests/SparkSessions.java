package io.eventhubsnative.tests;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * One local Spark session with Delta for the whole test JVM: starting one costs seconds, so every test class
 * shares it. Tests isolate themselves with fresh hub names, temp directories and by stopping their queries.
 */
public final class SparkSessions {

    private static SparkSession shared;

    private SparkSessions() {}

    public static synchronized SparkSession shared() {
        if (shared == null) {
            shared = SparkSession.builder()
                    .master("local[2]")
                    .appName("eventhubs-native end-to-end tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    // Bounded stops: a stuck stream thread fails the test instead of hanging the build.
                    .config("spark.sql.streaming.stopTimeout", "60s")
                    // Delta on a local file system: skip the work that only matters for long-lived tables.
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .getOrCreate();
            shared.sparkContext().setLogLevel("WARN");
            SparkSession session = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-session-stop"));
        }
        return shared;
    }

    /** Stops every query still running, e.g. after a failed assertion; called after each test. */
    static void stopActiveQueries() {
        if (shared == null) {
            return;
        }
        for (StreamingQuery query : shared.streams().active()) {
            try {
                query.stop();
            } catch (Exception e) {
                // The test already failed or passed; a stop error must not hide its outcome.
            }
        }
        shared.streams().resetTerminated();
    }
}

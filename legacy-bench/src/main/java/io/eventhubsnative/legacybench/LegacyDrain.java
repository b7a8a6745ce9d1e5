package io.eventhubsnative.legacybench;

import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.eventhubs.EventHubsConf;
import org.apache.spark.eventhubs.EventPosition;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * {@code LegacyDrain <connection string with EntityPath> <events> <runs>}: drains the hub with
 * {@code format("eventhubs")} (azure-eventhubs-spark 2.3.22) into {@code noop}, as the suite drains it with
 * eventhubs-native, and prints {@code legacy-run <events/s>} per run. Its SDK connects to port 5671 with TLS.
 */
public final class LegacyDrain {

    private LegacyDrain() {}

    public static void main(String[] args) throws Exception {
        String connectionString = args[0];
        long events = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("legacy connector drain")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            for (int run = 0; run < runs; run++) {
                EventHubsConf conf = new EventHubsConf(connectionString)
                        .setStartingPosition(EventPosition.fromStartOfStream())
                        .setMaxEventsPerTrigger(
                                events); // its default, partitions x 1000, would need a thousand batches
                long start = System.nanoTime();
                StreamingQuery query = spark.readStream()
                        .format("eventhubs")
                        .options(conf.toMap())
                        .load()
                        .writeStream()
                        .format("noop")
                        .option(
                                "checkpointLocation",
                                Files.createTempDirectory("legacy-drain").toString())
                        .trigger(Trigger.AvailableNow())
                        .start();
                if (!query.awaitTermination(TimeUnit.MINUTES.toMillis(15))) {
                    query.stop();
                    throw new IllegalStateException("The legacy drain did not finish within 15 minutes");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long rows = 0;
                for (StreamingQueryProgress progress : query.recentProgress()) {
                    rows += progress.numInputRows();
                }
                if (rows != events) {
                    throw new IllegalStateException(
                            "The legacy connector drained " + rows + " events, expected " + events);
                }
                System.out.printf(Locale.ROOT, "legacy-run %.0f%n", events / seconds);
                System.out.printf(
                        Locale.ROOT,
                        "legacy run %d: %d rows in %.1f s over %d micro-batches%n",
                        run,
                        rows,
                        seconds,
                        query.recentProgress().length);
            }
        } finally {
            spark.stop();
            // The old SDK's thread pool is not daemon: without this the JVM would outlive the benchmark.
            System.exit(0);
        }
    }
}

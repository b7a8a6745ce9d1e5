package io.eventhubsnative.bench;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/** The Spark session of the benchmarks: {@code local[2]} as on the CI machine kind, UI off, all on loopback. */
final class BenchSpark {

    private BenchSpark() {}

    static SparkSession start(String appName) {
        return start(appName, "local[2]");
    }

    /** The same on another master, for a benchmark that needs more task slots than the machine has cores. */
    static SparkSession start(String appName, String master) {
        SparkSession spark = SparkSession.builder()
                .master(master)
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /**
     * Events/s of draining {@code source} (a stream holding exactly {@code events}) into {@code noop} with
     * {@code Trigger.AvailableNow} and a fresh checkpoint, timed from {@code start()} to the end of the query.
     */
    static double drainToNoop(Dataset<Row> source, long events) throws Exception {
        String checkpoint = Files.createTempDirectory("drain-checkpoint").toString();
        long start = System.nanoTime();
        StreamingQuery query = source.writeStream()
                .format("noop")
                .option("checkpointLocation", checkpoint)
                .trigger(Trigger.AvailableNow())
                .start();
        if (!query.awaitTermination(TimeUnit.MINUTES.toMillis(10))) {
            query.stop();
            throw new IllegalStateException("The drain did not finish within 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = 0;
        for (StreamingQueryProgress progress : query.recentProgress()) {
            rows += progress.numInputRows();
        }
        if (rows != events) {
            throw new IllegalStateException("Drained " + rows + " rows, expected " + events);
        }
        return events / seconds;
    }
}

package io.eventhubsnative.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lpad;

import io.eventhubsnative.local.Counters;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.Quota;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Living within a namespace's quota: how much of a Standard namespace's throughput units a streaming write and a
 * streaming drain use, at 1 and 4 units, against local-eventhubs enforcing the quota as the service does (sends
 * beyond it refused with server-busy, receivers paced). Each phase moves about {@code bench.quotaSeconds} (default 60)
 * seconds' worth of 1 KiB events; the share is the bytes moved over the time from the first to the last of them (the
 * sink's or the reader's rate, not Spark's start), less the second of tokens a quota starts with.
 *
 * <p>{@code mvn -B -pl connector-tests -am -Pbenchmark -DskipTests verify -Dbench.main=io.eventhubsnative.bench.QuotaBenchmark}
 */
public final class QuotaBenchmark {

    private static final int SIZE = 1024;

    private QuotaBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSuite.print(rows());
    }

    static List<String> rows() throws Exception {
        int seconds = Integer.getInteger("bench.quotaSeconds", 60);
        SparkSession spark = BenchSpark.start("eventhubs-native quota benchmark");
        List<String> rows = new ArrayList<>();
        try {
            for (int units : new int[] {1, 4}) {
                Quota quota = Quota.throughputUnits(units);
                try (LocalEventHubs hubs =
                        LocalEventHubs.builder().hub("in", 8).hub("out", 8).start()) {
                    // About 1,100 bytes per event on the wire: the byte rates bind before the event rates.
                    int writeEvents = (int) (quota.ingressBytes() / 1_100 * seconds);
                    double write = write(spark, hubs, quota, writeEvents);
                    int drainEvents = (int) (quota.egressBytes() / 1_100 * seconds);
                    double drain = drain(spark, hubs, quota, drainEvents);
                    rows.add(BenchmarkSuite.row(
                            String.format(Locale.ROOT, "%d TU: streaming write of %,d x 1 KiB", units, writeEvents),
                            String.format(Locale.ROOT, "%.0f%% of the ingress quota", write * 100),
                            "goal >= 90%: " + BenchmarkSuite.met(write >= 0.9)));
                    rows.add(BenchmarkSuite.row(
                            String.format(Locale.ROOT, "%d TU: streaming drain of %,d x 1 KiB", units, drainEvents),
                            String.format(Locale.ROOT, "%.0f%% of the egress quota", drain * 100),
                            "goal >= 90%: " + BenchmarkSuite.met(drain >= 0.9)));
                }
            }
            rows.add(BenchmarkSuite.row(
                    "Spark's kafka source and sink through the same throttled path",
                    "not comparable",
                    "Kafka quotas delay responses instead of refusing requests; no Event Hubs path is in between"));
            return rows;
        } finally {
            spark.stop();
        }
    }

    private static double write(SparkSession spark, LocalEventHubs hubs, Quota quota, int events) throws Exception {
        Path dir = Files.createTempDirectory("quota-write");
        spark.range(events)
                .select(lpad(col("id").cast("string"), SIZE, "x").as("body"))
                .repartition(2)
                .write()
                .parquet(dir.resolve("rows").toString());
        hubs.quota(quota);
        hubs.counters().ingress().reset();
        StreamingQuery query = spark.readStream()
                .schema("body string")
                .parquet(dir.resolve("rows").toString())
                .writeStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString("in"))
                .option("checkpointLocation", dir.resolve("checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .start();
        finish(query);
        hubs.quota(null);
        return share(hubs.counters().ingress(), quota.ingressBytes());
    }

    private static double drain(SparkSession spark, LocalEventHubs hubs, Quota quota, int events) throws Exception {
        byte[] body = new byte[SIZE];
        Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < events; i++) {
            hubs.appendBody("out", Integer.toString(i % 8), body);
        }
        Path dir = Files.createTempDirectory("quota-drain");
        hubs.quota(quota);
        hubs.counters().egress().reset();
        StreamingQuery query = spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString("out"))
                .option("eventhubs.startingPosition", "earliest")
                .option("eventhubs.prefetchCount", "2000")
                // Batches of a tenth: after the first, every partition's link stays open and prefetches while the 2
                // cores' tasks read, so the 8 partitions share the namespace's egress, not 2 at a time.
                .option("maxEventsPerTrigger", Integer.toString(events / 10))
                .load()
                .writeStream()
                .format("noop")
                .option("checkpointLocation", dir.resolve("checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .start();
        finish(query);
        hubs.quota(null);
        return share(hubs.counters().egress(), quota.egressBytes());
    }

    private static void finish(StreamingQuery query) throws Exception {
        if (!query.awaitTermination(TimeUnit.MINUTES.toMillis(15))) {
            query.stop();
            throw new IllegalStateException("The query did not finish within 15 minutes");
        }
        if (query.exception().isDefined()) {
            throw query.exception().get();
        }
    }

    /** The share of the quota over the endpoint's window, less the second of tokens the quota starts with. */
    private static double share(Counters.Window window, long bytesPerSecond) {
        return (window.bytes() - bytesPerSecond) / window.seconds() / bytesPerSecond;
    }
}

package io.eventhubsnative.bench;

import io.eventhubsnative.local.LocalEventHubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes N events of a fixed size through {@code df.write.format("eventhubs-native")} (rows from
 * {@code spark.range}, no partition id or key: the service spreads them), beside the raw SDK producer sending the
 * same number of events in full batches to every partition at once (the ceiling). Each run gets a fresh endpoint;
 * a small first Spark write is a discarded warm-up. Prints events/s for both and their ratio.
 *
 * <p>{@code mvn -B -pl connector-tests -am -Pbenchmark -DskipTests verify -Dbench.main=io.eventhubsnative.bench.SinkBenchmark}
 */
public final class SinkBenchmark {

    private SinkBenchmark() {}

    public static void main(String[] args) {
        BenchmarkSuite.print(rows());
    }

    /** Runs the writes and returns the suite's table rows. */
    static List<String> rows() {
        int events = Integer.getInteger("bench.events", 1_000_000);
        int eventSize = Integer.getInteger("bench.eventSize", 512);
        int partitions = Integer.getInteger("bench.partitions", 8);
        int runs = Integer.getInteger("bench.runs", 3);
        System.out.printf(
                Locale.ROOT,
                "Sink: %,d events x %d B over %d partitions, %d runs, %d cores%n",
                events,
                eventSize,
                partitions,
                runs,
                Runtime.getRuntime().availableProcessors());
        SparkSession spark = BenchSpark.start("eventhubs-native sink benchmark");
        try {
            try (LocalEventHubs hubs =
                    LocalEventHubs.builder().hub("sink", partitions).start()) {
                write(spark, hubs, Math.min(events, 20_000), eventSize, partitions);
            }
            System.out.println("warm-up done");
            List<double[]> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                double sdk;
                double connector;
                try (LocalEventHubs hubs =
                        LocalEventHubs.builder().hub("bench", partitions).start()) {
                    sdk = SdkBenchmark.send(hubs, events, eventSize, partitions);
                }
                try (LocalEventHubs hubs =
                        LocalEventHubs.builder().hub("sink", partitions).start()) {
                    connector = write(spark, hubs, events, eventSize, partitions);
                }
                System.out.printf(
                        Locale.ROOT,
                        "run %d: raw SDK send %,.0f events/s, eventhubs-native sink %,.0f events/s " + "(%.2fx)%n",
                        run,
                        sdk,
                        connector,
                        connector / sdk);
                results.add(new double[] {sdk, connector});
            }
            double sdk = SdkBenchmark.median(results, 0);
            double connector = SdkBenchmark.median(results, 1);
            String what =
                    String.format(Locale.ROOT, "write %,d x %d B, %d partitions: ", events, eventSize, partitions);
            List<String> rows = new ArrayList<>();
            rows.add(BenchmarkSuite.row(
                    what + "raw SDK producer, full batches", SparkDrainBenchmark.rate(sdk, eventSize), "1.00x"));
            rows.add(BenchmarkSuite.row(
                    what + "**eventhubs-native sink** (`df.write`)",
                    SparkDrainBenchmark.rate(connector, eventSize),
                    String.format(
                            Locale.ROOT,
                            "%.2fx raw SDK (goal >= 0.8x: %s)",
                            connector / sdk,
                            BenchmarkSuite.met(connector / sdk >= 0.8))));
            return rows;
        } finally {
            spark.stop();
        }
    }

    private static double write(SparkSession spark, LocalEventHubs hubs, int events, int eventSize, int partitions) {
        long start = System.nanoTime();
        spark.range(0, events, 1, partitions)
                .selectExpr("cast(repeat('x', " + eventSize + ") AS binary) AS body")
                .write()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", "sink")
                .mode(SaveMode.Append)
                .save();
        double seconds = (System.nanoTime() - start) / 1e9;
        long stored = 0;
        for (int p = 0; p < partitions; p++) {
            stored += hubs.partitionState("sink", Integer.toString(p)).retainedEvents();
        }
        if (stored != events) {
            throw new IllegalStateException("The hub holds " + stored + " events, expected " + events);
        }
        return events / seconds;
    }
}

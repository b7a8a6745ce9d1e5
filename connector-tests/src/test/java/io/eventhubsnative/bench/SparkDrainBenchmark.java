package io.eventhubsnative.bench;

import io.eventhubsnative.local.LocalEventHubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Drains N preloaded events through {@code format("eventhubs-native")} into the {@code noop} sink with
 * {@code Trigger.AvailableNow}, beside the raw SDK receiving the same events in the same run (the ceiling), and over
 * AMQP over WebSockets (with the TLS the SDK always puts under them, as on the service's port 443).
 * Prints events/s for both and their ratio; the first Spark run is a discarded warm-up.
 *
 * <p>{@code mvn -B -pl connector-tests -am -Pbenchmark -DskipTests verify -Dbench.main=io.eventhubsnative.bench.SparkDrainBenchmark}
 */
public final class SparkDrainBenchmark {

    private SparkDrainBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSuite.print(rows());
    }

    /** Runs the drains and returns the suite's table rows. */
    static List<String> rows() throws Exception {
        int events = Integer.getInteger("bench.events", 1_000_000);
        int eventSize = Integer.getInteger("bench.eventSize", 512);
        int partitions = Integer.getInteger("bench.partitions", 8);
        int runs = Integer.getInteger("bench.runs", 3);
        SparkSession spark = BenchSpark.start("eventhubs-native drain benchmark");
        System.out.printf(
                Locale.ROOT,
                "Drain: %,d events x %d B over %d partitions, %d runs, %d cores; Spark %s, Scala %s," + " Java %s%n",
                events,
                eventSize,
                partitions,
                runs,
                Runtime.getRuntime().availableProcessors(),
                spark.version(),
                scala.util.Properties.versionNumberString(),
                System.getProperty("java.version"));
        try (LocalEventHubs hubs =
                        LocalEventHubs.builder().hub("bench", partitions).start();
                KafkaDrain kafka = KafkaDrain.start(events, eventSize, partitions)) {
            double sent = SdkBenchmark.send(hubs, events, eventSize, partitions);
            System.out.printf(Locale.ROOT, "preloaded with the SDK producer at %,.0f events/s, and into Kafka%n", sent);
            // Warm every side: the JIT otherwise favours whichever ran more before the first timed run.
            SdkBenchmark.receive(hubs, events, partitions);
            drain(spark, hubs, events, false);
            drain(spark, hubs, events, true);
            kafka.drain(spark, events);
            System.out.println("warm-up done");
            List<double[]> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                double sdk = SdkBenchmark.receive(hubs, events, partitions);
                double connector = drain(spark, hubs, events, false);
                double webSockets = drain(spark, hubs, events, true);
                double kafkaSource = kafka.drain(spark, events);
                System.out.printf(
                        Locale.ROOT,
                        "run %d: raw SDK %,.0f events/s, eventhubs-native %,.0f events/s (%.2fx), over WebSockets"
                                + " %,.0f events/s (%.2fx plain), Spark kafka source %,.0f records/s%n",
                        run,
                        sdk,
                        connector,
                        connector / sdk,
                        webSockets,
                        webSockets / connector,
                        kafkaSource);
                results.add(new double[] {sdk, connector, kafkaSource, webSockets});
            }
            double sdk = SdkBenchmark.median(results, 0);
            double connector = SdkBenchmark.median(results, 1);
            double kafkaSource = SdkBenchmark.median(results, 2);
            double webSockets = SdkBenchmark.median(results, 3);
            String what = String.format(
                    Locale.ROOT,
                    "drain %,d x %d B, %d partitions, AvailableNow -> noop: ",
                    events,
                    eventSize,
                    partitions);
            List<String> rows = new ArrayList<>();
            rows.add(BenchmarkSuite.row(what + "raw SDK receive (the ceiling)", rate(sdk, eventSize), "1.00x"));
            rows.add(BenchmarkSuite.row(
                    what + "**eventhubs-native**",
                    rate(connector, eventSize),
                    String.format(
                            Locale.ROOT,
                            "%.2fx raw SDK (goal >= 0.9x: %s); %.2fx the kafka source (goal >= 1.0x: %s)",
                            connector / sdk,
                            BenchmarkSuite.met(connector / sdk >= 0.9),
                            connector / kafkaSource,
                            BenchmarkSuite.met(connector >= kafkaSource))));
            rows.add(BenchmarkSuite.row(
                    what + "eventhubs-native, `eventhubs.transportType=amqpWebSockets` (TLS inside, as on 443)",
                    rate(webSockets, eventSize),
                    String.format(Locale.ROOT, "%.2fx plain AMQP (no TLS) in the same run", webSockets / connector)));
            rows.add(BenchmarkSuite.row(
                    what + "Spark `kafka` source, local Kafka broker",
                    rate(kafkaSource, eventSize),
                    String.format(Locale.ROOT, "%.2fx raw SDK", kafkaSource / sdk)));
            return rows;
        } finally {
            spark.stop();
        }
    }

    static String rate(double eventsPerSecond, int eventSize) {
        return String.format(
                Locale.ROOT, "%,.0f events/s (%.1f MB/s)", eventsPerSecond, eventsPerSecond * eventSize / 1e6);
    }

    private static double drain(SparkSession spark, LocalEventHubs hubs, int events, boolean webSockets)
            throws Exception {
        return BenchSpark.drainToNoop(
                spark.readStream()
                        .format("eventhubs-native")
                        .option("eventhubs.transportType", webSockets ? "amqpWebSockets" : "amqp")
                        .option("eventhubs.connectionString", hubs.connectionString())
                        .option("eventhubs.name", "bench")
                        .option("eventhubs.startingPosition", "earliest")
                        .option("eventhubs.prefetchCount", Integer.getInteger("bench.prefetch", 2000))
                        .load(),
                events);
    }
}

package io.eventhubsnative.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole benchmark suite in one JVM, one table: drain (raw SDK, eventhubs-native, Spark's kafka source), the
 * sink beside the raw SDK producer, then latency, links, planning and heap of a long-running stream.
 *
 * <p>{@code mvn -B -pl connector-tests -am -Pbenchmark -DskipTests verify} (the profile's default main).
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        List<String> rows = new ArrayList<>();
        List<String> legacy = LegacyBenchmark.rows(); // first: it sets up TLS before anything else uses it
        rows.addAll(SparkDrainBenchmark.rows());
        rows.addAll(SinkBenchmark.rows());
        rows.addAll(StreamingBenchmark.rows());
        rows.addAll(AvroDecodeBenchmark.rows());
        rows.addAll(QuotaBenchmark.rows());
        rows.addAll(legacy);
        System.out.printf(
                Locale.ROOT,
                "%nSuite finished in %.0f s on %d cores, Java %s%n",
                (System.nanoTime() - start) / 1e9,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        print(rows);
    }

    static void print(List<String> rows) {
        System.out.println();
        System.out.println("| figure | median | compared |");
        System.out.println("|---|---:|---|");
        rows.forEach(System.out::println);
    }

    static String row(String figure, String value, String compared) {
        return "| " + figure + " | " + value + " | " + compared + " |";
    }

    static String met(boolean met) {
        return met ? "met" : "NOT met";
    }
}

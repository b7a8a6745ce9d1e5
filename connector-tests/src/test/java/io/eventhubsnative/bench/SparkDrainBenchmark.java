package io.eventhubsnative.bench;

import io.eventhubsnative.local.LocalEventHubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Drains N preloaded events through {@code format("eventhubs-native")} into the {@code noop} sink with
 * {@code Trigger.AvailableNow}, beside the raw SDK receiving the same events in the same run (the ceiling).
 * Prints events/s for both and their ratio; the first Spark run is a discarded warm-up.
 *
 * <p>{@code mvn -B -pl connector-tests -am -Pbenchmark -DskipTests verify -Dbench.main=io.eventhubsnative.bench.SparkDrainBenchmark}
 */
public final class SparkDrainBenchmark {

  private SparkDrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = Integer.getInteger("bench.events", 1_000_000);
    int eventSize = Integer.getInteger("bench.eventSize", 512);
    int partitions = Integer.getInteger("bench.partitions", 8);
    int runs = Integer.getInteger("bench.runs", 3);
    System.out.printf(Locale.ROOT, "Drain: %,d events x %d B over %d partitions, %d runs, %d cores%n",
        events, eventSize, partitions, runs, Runtime.getRuntime().availableProcessors());
    SparkSession spark = BenchSpark.start("eventhubs-native drain benchmark");
    try (LocalEventHubs hubs = LocalEventHubs.builder().hub("bench", partitions).start();
        KafkaDrain kafka = KafkaDrain.start(events, eventSize, partitions)) {
      double sent = SdkBenchmark.send(hubs, events, eventSize, partitions);
      System.out.printf(Locale.ROOT, "preloaded with the SDK producer at %,.0f events/s, and into Kafka%n", sent);
      // Warm every side: the JIT otherwise favours whichever ran more before the first timed run.
      SdkBenchmark.receive(hubs, events, partitions);
      drain(spark, hubs, events);
      kafka.drain(spark, events);
      System.out.println("warm-up done");
      List<double[]> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        double sdk = SdkBenchmark.receive(hubs, events, partitions);
        double connector = drain(spark, hubs, events);
        double kafkaSource = kafka.drain(spark, events);
        System.out.printf(Locale.ROOT, "run %d: raw SDK %,.0f events/s, eventhubs-native %,.0f events/s (%.2fx),"
            + " Spark kafka source %,.0f records/s%n", run, sdk, connector, connector / sdk, kafkaSource);
        results.add(new double[] {sdk, connector, kafkaSource});
      }
      double sdk = SdkBenchmark.median(results, 0);
      double connector = SdkBenchmark.median(results, 1);
      double kafkaSource = SdkBenchmark.median(results, 2);
      System.out.println();
      System.out.println("| workload | median events/s | MB/s | vs raw SDK |");
      System.out.println("|---|---:|---:|---:|");
      System.out.printf(Locale.ROOT, "| raw SDK receive, %d partitions | %,.0f | %.1f | 1.00x |%n", partitions, sdk, sdk * eventSize / 1e6);
      System.out.printf(Locale.ROOT, "| eventhubs-native -> noop (AvailableNow) | %,.0f | %.1f | %.2fx |%n",
          connector, connector * eventSize / 1e6, connector / sdk);
      System.out.printf(Locale.ROOT, "| Spark kafka source (local Kafka broker) -> noop (AvailableNow) | %,.0f | %.1f | %.2fx |%n",
          kafkaSource, kafkaSource * eventSize / 1e6, kafkaSource / sdk);
      System.out.printf(Locale.ROOT, "Goal (>= 0.8x the raw SDK): %s; eventhubs-native vs the kafka source: %.2fx%n",
          connector / sdk >= 0.8 ? "met" : "NOT met", connector / kafkaSource);
    } finally {
      spark.stop();
    }
  }

  private static double drain(SparkSession spark, LocalEventHubs hubs, int events) throws Exception {
    Path checkpoint = Files.createTempDirectory("drain-checkpoint");
    long start = System.nanoTime();
    StreamingQuery query = spark.readStream().format("eventhubs-native")
        .option("eventhubs.connectionString", hubs.connectionString())
        .option("eventhubs.name", "bench")
        .option("eventhubs.startingPosition", "earliest")
        .option("eventhubs.prefetchCount", Integer.getInteger("bench.prefetch", 2000))
        .load()
        .writeStream()
        .format("noop")
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .start();
    if (!query.awaitTermination(TimeUnit.MINUTES.toMillis(10))) {
      query.stop();
      throw new IllegalStateException("The drain did not finish within 10 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long rows = 0;
    for (org.apache.spark.sql.streaming.StreamingQueryProgress progress : query.recentProgress()) {
      rows += progress.numInputRows();
    }
    if (rows != events) {
      throw new IllegalStateException("Drained " + rows + " rows, expected " + events);
    }
    return events / seconds;
  }
}

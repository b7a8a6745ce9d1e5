package io.eventhubsnative.bench;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import io.eventhubsnative.local.LocalEventHubs;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * What a long-running stream costs: end-to-end latency at a steady rate with the default trigger, receive links
 * opened per partition over many micro-batches, the driver's planning time per micro-batch for 32 and 1,024
 * partitions, and the heap a cached receiver holds per partition at the default prefetch.
 *
 * <p>{@code mvn -B -pl connector-tests -am -Pbenchmark -DskipTests verify -Dbench.main=io.eventhubsnative.bench.StreamingBenchmark}
 */
public final class StreamingBenchmark {

    private static final int RATE = Integer.getInteger("bench.rate", 2_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 40);

    private StreamingBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSuite.print(rows());
    }

    /** Runs the measurements and returns the suite's table rows. */
    static List<String> rows() throws Exception {
        SparkSession spark = BenchSpark.start("eventhubs-native streaming benchmark");
        try (LocalEventHubs hubs = LocalEventHubs.start()) {
            List<String> rows = new ArrayList<>();
            rows.addAll(latencyAndLinks(spark, hubs));
            rows.addAll(planning(spark, hubs, 32));
            rows.addAll(planning(spark, hubs, 1_024));
            rows.add(heapPerPartition(spark, hubs, 32));
            return rows;
        } finally {
            spark.stop();
        }
    }

    /** A producer sends {@code RATE} events/s to 8 partitions; a foreachBatch sink notes when each row arrives. */
    static List<String> latencyAndLinks(SparkSession spark, LocalEventHubs hubs) throws Exception {
        String hub = "latency";
        hubs.createHub(hub, 8);
        List<Long> latenciesMs = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean measuring = new AtomicBoolean();
        VoidFunction2<Dataset<Row>, Long> sink = (batch, id) -> {
            List<Row> enqueued = batch.select("enqueuedTime").collectAsList();
            long now = System.currentTimeMillis();
            if (measuring.get()) {
                for (Row row : enqueued) {
                    latenciesMs.add(now - row.getTimestamp(0).getTime());
                }
            }
        };
        StreamingQuery query = stream(spark, hubs, hub)
                .load()
                .writeStream()
                .foreachBatch(sink)
                .option(
                        "checkpointLocation",
                        Files.createTempDirectory("latency").toString())
                .start(); // the default trigger: the next micro-batch as soon as the previous one ends
        long linksBefore = receiveLinks(hubs, hub);
        Thread producer = steadyProducer(hubs, hub, RATE, SECONDS);
        producer.start();
        TimeUnit.SECONDS.sleep(5); // JIT and connection warm-up, not counted
        measuring.set(true);
        long batchesBefore = query.recentProgress().length;
        producer.join();
        TimeUnit.SECONDS.sleep(2);
        measuring.set(false);
        long batches = Arrays.stream(query.recentProgress())
                .filter(p -> p.numInputRows() > 0)
                .count();
        long links = receiveLinks(hubs, hub) - linksBefore;
        query.stop();
        long[] sorted = latenciesMs.stream().mapToLong(Long::longValue).sorted().toArray();
        long p50 = sorted[sorted.length / 2];
        long p99 = sorted[(int) (sorted.length * 0.99)];
        System.out.printf(
                Locale.ROOT,
                "latency over %,d events at %,d events/s: p50 %d ms, p99 %d ms, max %d ms%n",
                sorted.length,
                RATE,
                p50,
                p99,
                sorted[sorted.length - 1]);
        System.out.printf(
                Locale.ROOT,
                "receive links opened: %d for 8 partitions over %d micro-batches with events (%d progress reports kept, first %d before measuring)%n",
                links,
                batches,
                query.recentProgress().length,
                batchesBefore);
        List<String> rows = new ArrayList<>();
        rows.add(BenchmarkSuite.row(
                String.format(Locale.ROOT, "end-to-end latency at %,d events/s, default trigger, p50 / p99", RATE),
                p50 + " ms / " + p99 + " ms",
                "goal p99 < 1 s: " + BenchmarkSuite.met(p99 < 1_000)));
        rows.add(BenchmarkSuite.row(
                String.format(Locale.ROOT, "receive links opened per partition over %d micro-batches", batches),
                String.format(Locale.ROOT, "%.2f", links / 8.0),
                "goal 1: " + BenchmarkSuite.met(links <= 8)));
        return rows;
    }

    /**
     * Driver time per micro-batch outside the tasks, as Spark's progress reports it: {@code queryPlanning} (planning
     * the input partitions) and {@code latestOffset} (reading every partition's last sequence number from the service).
     */
    static List<String> planning(SparkSession spark, LocalEventHubs hubs, int partitions) throws Exception {
        String hub = "planning" + partitions;
        hubs.createHub(hub, partitions);
        int batches = 10;
        try (EventHubProducerClient producer = producer(hubs, hub)) {
            for (int p = 0; p < partitions; p++) {
                EventDataBatch batch =
                        producer.createBatch(new CreateBatchOptions().setPartitionId(Integer.toString(p)));
                for (int i = 0; i < batches; i++) {
                    batch.tryAdd(new EventData(new byte[64]));
                }
                producer.send(batch);
            }
        }
        StreamingQuery query = stream(spark, hubs, hub)
                .option("maxEventsPerTrigger", partitions)
                .load()
                .writeStream()
                .format("noop")
                .option(
                        "checkpointLocation",
                        Files.createTempDirectory("planning").toString())
                .trigger(Trigger.AvailableNow())
                .start();
        query.awaitTermination();
        List<Long> fetch = new ArrayList<>();
        List<Long> plan = new ArrayList<>();
        for (StreamingQueryProgress progress : query.recentProgress()) {
            fetch.add(progress.durationMs().getOrDefault("latestOffset", 0L));
            plan.add(progress.durationMs().getOrDefault("queryPlanning", 0L));
        }
        System.out.printf(
                Locale.ROOT,
                "%d partitions, per micro-batch: latestOffset %s ms, queryPlanning %s ms%n",
                partitions,
                fetch,
                plan);
        long planning = median(plan);
        List<String> rows = new ArrayList<>();
        rows.add(BenchmarkSuite.row(
                String.format(
                        Locale.ROOT,
                        "driver planning (`queryPlanning`) per micro-batch, %,d partitions, median of %d",
                        partitions,
                        plan.size()),
                planning + " ms",
                partitions >= 1_024 ? "goal < 50 ms: " + BenchmarkSuite.met(planning < 50) : ""));
        rows.add(BenchmarkSuite.row(
                String.format(
                        Locale.ROOT,
                        "partition metadata (`latestOffset`) per micro-batch, %,d partitions, median",
                        partitions),
                median(fetch) + " ms",
                "one management request per partition, in parallel"));
        return rows;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Heap held by the receivers a finished query leaves cached, at the default prefetch, per partition. */
    static String heapPerPartition(SparkSession spark, LocalEventHubs hubs, int partitions) throws Exception {
        String hub = "heap";
        hubs.createHub(hub, partitions);
        try (EventHubProducerClient producer = producer(hubs, hub)) {
            for (int p = 0; p < partitions; p++) {
                for (int round = 0; round < 4; round++) {
                    EventDataBatch batch =
                            producer.createBatch(new CreateBatchOptions().setPartitionId(Integer.toString(p)));
                    while (batch.getCount() < 500 && batch.tryAdd(new EventData(new byte[512]))) {
                        // fill
                    }
                    producer.send(batch);
                }
            }
        }
        long before = usedHeapAfterGc();
        // One event per partition: every link then holds up to its prefetch of the rest, as between micro-batches.
        StreamingQuery query = stream(spark, hubs, hub)
                .option("maxEventsPerTrigger", partitions)
                .load()
                .writeStream()
                .format("noop")
                .option("checkpointLocation", Files.createTempDirectory("heap").toString())
                .trigger(Trigger.ProcessingTime("1 hour"))
                .start();
        while (query.recentProgress().length == 0) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        TimeUnit.SECONDS.sleep(2); // let the links fill their prefetch
        long after = usedHeapAfterGc();
        query.stop();
        double perPartitionMb = (after - before) / (double) partitions / (1 << 20);
        System.out.printf(
                Locale.ROOT,
                "heap: %,d MB before, %,d MB with %d partitions' receivers filled: %.2f MB per partition%n",
                before >> 20,
                after >> 20,
                partitions,
                perPartitionMb);
        return BenchmarkSuite.row(
                "executor heap per partition, default prefetch (500), 512 B events",
                String.format(Locale.ROOT, "%.2f MB", perPartitionMb),
                "");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static org.apache.spark.sql.streaming.DataStreamReader stream(
            SparkSession spark, LocalEventHubs hubs, String hub) {
        return spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub)
                .option("eventhubs.startingPosition", "earliest");
    }

    private static long receiveLinks(LocalEventHubs hubs, String hub) {
        return hubs.counters().linksAttached().entrySet().stream()
                .filter(e -> e.getKey().startsWith(hub + "/ConsumerGroups/"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static EventHubProducerClient producer(LocalEventHubs hubs, String hub) {
        return new EventHubClientBuilder()
                .connectionString(hubs.connectionString(hub))
                .buildProducerClient();
    }

    /** Sends {@code rate} events/s in 10 ms ticks, round robin over the partitions, for {@code seconds}. */
    private static Thread steadyProducer(LocalEventHubs hubs, String hub, int rate, int seconds) {
        return new Thread(
                () -> {
                    try (EventHubProducerClient producer = producer(hubs, hub)) {
                        int perTick = Math.max(1, rate / 100);
                        long start = System.nanoTime();
                        long ticks = seconds * 100L;
                        for (long tick = 0; tick < ticks; tick++) {
                            EventDataBatch batch = producer.createBatch(
                                    new CreateBatchOptions().setPartitionId(Long.toString(tick % 8)));
                            for (int i = 0; i < perTick; i++) {
                                batch.tryAdd(new EventData(new byte[512]));
                            }
                            producer.send(batch);
                            long due = start + (tick + 1) * 10_000_000L;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "steady-producer");
    }
}

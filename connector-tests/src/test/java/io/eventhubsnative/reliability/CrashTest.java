package io.eventhubsnative.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import io.eventhubsnative.local.LocalEventHubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming query in a forked driver JVM ingests events into Delta while this test kills it with SIGKILL at random
 * points and starts it again, and events keep arriving. At the end every (partition, sequenceNumber) is in the table
 * exactly once. CI size: 200,000 events, 10 kills; {@code -Dsoak=true}: 1,000,000 events, 30 kills.
 */
class CrashTest {

    private static final boolean SOAK = Boolean.getBoolean("soak");
    private static final int EVENTS = SOAK ? 1_000_000 : 200_000;
    private static final int KILLS = SOAK ? 30 : 10;
    private static final int PARTITIONS = 4;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void everyEventLandsOnceThroughRepeatedSigkills(@TempDir Path dir) throws Exception {
        SparkSession spark = io.eventhubsnative.tests.SparkSessions.shared();
        Random random = new Random(42);
        Path table = dir.resolve("table");
        Path checkpoint = dir.resolve("checkpoint");
        try (LocalEventHubs hubs =
                LocalEventHubs.builder().hub("crash", PARTITIONS).start()) {
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producer = new Thread(() -> produce(hubs, producerFailure), "crash-producer");
            producer.start();

            int kills = 0;
            List<Long> rowsAfterKills = new ArrayList<>();
            while (kills < KILLS) {
                long before = rows(spark, table);
                Process driver = startDriver(hubs, table, checkpoint, dir.resolve("driver-" + kills + ".log"));
                if (kills % 2 == 0) {
                    // Every other kill lands while the query works: after it committed something, at a random point.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                    while (rows(spark, table) == before && System.nanoTime() < deadline && driver.isAlive()) {
                        TimeUnit.MILLISECONDS.sleep(300);
                    }
                    TimeUnit.MILLISECONDS.sleep(random.nextInt(3_000));
                } else {
                    // The others at a random point of start-up or the first micro-batches.
                    TimeUnit.MILLISECONDS.sleep(1_000 + random.nextInt(6_000));
                }
                driver.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
                assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
                kills++;
                rowsAfterKills.add(rows(spark, table));
            }
            // The kills hit a query at work: the table grew between them (micro-batches committed, others cut short).
            assertThat(rowsAfterKills.stream().distinct().count())
                    .as("rows after each kill: %s", rowsAfterKills)
                    .isGreaterThanOrEqualTo(KILLS / 2);
            producer.join(TimeUnit.MINUTES.toMillis(5));
            assertThat(producerFailure.get()).isNull();

            Process last = startDriver(hubs, table, checkpoint, dir.resolve("driver-last.log"));
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(SOAK ? 10 : 4);
                while (rows(spark, table) < EVENTS && System.nanoTime() < deadline) {
                    assertThat(last.isAlive())
                            .as("the last driver is running (see its log)")
                            .isTrue();
                    TimeUnit.SECONDS.sleep(2);
                }
            } finally {
                last.destroy();
                last.waitFor(60, TimeUnit.SECONDS);
                last.destroyForcibly();
            }
            System.out.printf(
                    "crash test: %d SIGKILLs, %d events, rows in Delta after each kill %s%n",
                    kills, EVENTS, rowsAfterKills);
        }

        Dataset<Row> rows = spark.read().format("delta").load(table.toString());
        assertThat(rows.count()).as("rows in Delta").isEqualTo(EVENTS);
        assertThat(rows.select("partition", "sequenceNumber").distinct().count())
                .as("distinct events")
                .isEqualTo(EVENTS);
        List<Row> perPartition = rows.groupBy("partition")
                .agg(
                        org.apache.spark.sql.functions.min("sequenceNumber"),
                        org.apache.spark.sql.functions.max("sequenceNumber"),
                        org.apache.spark.sql.functions.count("*"))
                .collectAsList();
        for (Row partition : perPartition) {
            assertThat(partition.getLong(1))
                    .as("first sequence number of partition %s", partition.getString(0))
                    .isZero();
            assertThat(partition.getLong(2) + 1)
                    .as("no gap in partition %s", partition.getString(0))
                    .isEqualTo(partition.getLong(3));
        }
    }

    /** Rows in the table so far; none while a killed driver left only an empty or partial {@code _delta_log}. */
    private static long rows(SparkSession spark, Path table) {
        if (!Files.isDirectory(table.resolve("_delta_log"))) {
            return 0;
        }
        try {
            return spark.read().format("delta").load(table.toString()).count();
        } catch (Exception e) { // Scala's AnalysisException is checked for javac, yet not declared
            if (e instanceof org.apache.spark.sql.AnalysisException) {
                return 0;
            }
            throw e;
        }
    }

    /** Sends the events in batches of 2,000 every 100 ms, round robin over the partitions. */
    private static void produce(LocalEventHubs hubs, AtomicReference<Throwable> failure) {
        try (EventHubProducerClient producer = new EventHubClientBuilder()
                .connectionString(hubs.connectionString("crash"))
                .buildProducerClient()) {
            int sent = 0;
            int batchNumber = 0;
            while (sent < EVENTS) {
                EventDataBatch batch = producer.createBatch(
                        new CreateBatchOptions().setPartitionId(Integer.toString(batchNumber++ % PARTITIONS)));
                int inBatch = 0;
                while (inBatch < 2_000 && sent < EVENTS && batch.tryAdd(new EventData("event-" + sent))) {
                    inBatch++;
                    sent++;
                }
                producer.send(batch);
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private static Process startDriver(LocalEventHubs hubs, Path table, Path checkpoint, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // Spark's JDK 17 options, as this JVM got them from surefire.
        for (String argument :
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens")
                    || argument.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || argument.startsWith("-Djdk.reflect")
                    || argument.startsWith("-Dio.netty")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashDriver.class.getName());
        command.add(hubs.connectionString());
        command.add("crash");
        command.add(table.toString());
        command.add(checkpoint.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // A SIGKILLed driver cannot remove its scratch directories (the jars it serves, its blocks): keep them in the
        // test's directory, which JUnit removes, rather than in /tmp.
        builder.environment()
                .put(
                        "SPARK_LOCAL_DIRS",
                        Files.createDirectories(log.resolveSibling("spark-local"))
                                .toString());
        return builder.start();
    }
}

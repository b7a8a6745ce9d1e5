package io.eventhubsnative.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The driver program of {@link StandaloneClusterTest}, run in its own JVM whose classpath is this class, the shaded
 * connector jar and {@code SPARK_HOME/jars} - nothing of the test's classpath. It uses Spark's public API only and
 * no lambdas or classes of its own on the executors, whose only connector code is the shaded jar from
 * {@code spark.jars}.
 *
 * <p>It waits for the executors, records what each executor process is (pid, command, classpath, the azure-core
 * version the connector's relocated copy reports and the one the cluster's own azure-core reports; through SQL's
 * {@code reflect}, which runs in the executor JVMs with the task's class loader), drains the hub into Delta with {@code Trigger.AvailableNow}, then
 * reads the whole table back and writes a result file (tab-separated lines) that the test checks.
 *
 * <p>Arguments: master URL, shaded jar, connection string, event hub, table dir, checkpoint dir, max events per
 * trigger, executors to wait for, result file.
 */
public final class ClusterDriver {

    private static final long WAIT_EXECUTORS_MS = TimeUnit.SECONDS.toMillis(90);
    private static final long RUN_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(100);

    private ClusterDriver() {}

    public static void main(String[] args) {
        int status = 1;
        try {
            run(args);
            status = 0;
        } catch (Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.err.println("ClusterDriver failed: " + trace);
        } finally {
            System.err.flush();
            // The SDK's and Spark's non-daemon threads must not keep a finished driver alive.
            Runtime.getRuntime().halt(status);
        }
    }

    private static void run(String[] args) throws Exception {
        String master = args[0];
        String connectorJar = args[1];
        String connectionString = args[2];
        String hub = args[3];
        String table = args[4];
        String checkpoint = args[5];
        String maxEventsPerTrigger = args[6];
        int executors = Integer.parseInt(args[7]);
        Path result = Paths.get(args[8]);

        SparkSession spark = SparkSession.builder()
                .appName("eventhubs-native standalone-cluster test")
                .master(master)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                // The connector's only way onto the executors.
                .config("spark.jars", connectorJar)
                .config("spark.executor.memory", "1g")
                .config("spark.executor.cores", "1")
                .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.12")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.streaming.stopTimeout", "30s")
                .getOrCreate();
        List<String> lines = new ArrayList<>();
        try {
            awaitExecutors(spark, executors);
            spark.sparkContext().setLogLevel("WARN");
            lines.add("driver\t" + ProcessHandle.current().pid());

            // One task per slot and then some: each row tells which JVM ran it.
            List<Row> jvms = spark.range(0, 4L * executors, 1, 4 * executors)
                    .selectExpr(
                            "reflect('java.lang.ProcessHandle', 'current') AS pid",
                            "reflect('java.lang.System', 'getProperty', 'sun.java.command') AS command",
                            "reflect('java.lang.System', 'getProperty', 'java.class.path') AS classpath",
                            // The azure-core the connector runs with (bundled, relocated) and the one the cluster has.
                            "reflect('io.eventhubsnative.shaded.com.azure.core.util.CoreUtils', 'getProperties', "
                                    + "'io/eventhubsnative/shaded/azure-core.properties') AS connectorAzureCore",
                            "reflect('com.azure.core.util.CoreUtils', 'getProperties', 'azure-core.properties') AS clusterAzureCore")
                    .distinct()
                    .collectAsList();
            for (Row jvm : jvms) {
                lines.add("executor\t" + jvm.getString(0) + "\t" + oneLine(jvm.getString(1)) + "\t" + jvm.getString(2)
                        + "\t" + jvm.getString(3) + "\t" + jvm.getString(4));
            }

            StreamingQuery query = spark.readStream()
                    .format("eventhubs-native")
                    .option("eventhubs.connectionString", connectionString)
                    .option("eventhubs.name", hub)
                    .option("eventhubs.startingPosition", "earliest")
                    .option("maxEventsPerTrigger", maxEventsPerTrigger)
                    .load()
                    .selectExpr("partition", "sequenceNumber", "CAST(body AS STRING) AS body")
                    .writeStream()
                    .format("delta")
                    .option("checkpointLocation", checkpoint)
                    .trigger(Trigger.AvailableNow())
                    .start(table);
            if (!query.awaitTermination(RUN_TIMEOUT_MS)) {
                query.stop();
                throw new IllegalStateException("The query did not finish within " + RUN_TIMEOUT_MS + " ms");
            }
            if (query.exception().isDefined()) {
                throw query.exception().get();
            }
            for (StreamingQueryProgress progress : query.recentProgress()) {
                if (progress.numInputRows() > 0) {
                    lines.add("batch\t" + progress.batchId() + "\t" + progress.numInputRows());
                }
            }

            for (Row row : spark.read()
                    .format("delta")
                    .load(table)
                    .select("partition", "sequenceNumber", "body")
                    .collectAsList()) {
                lines.add("row\t" + row.getString(0) + "\t" + row.getLong(1) + "\t" + row.getString(2));
            }
        } finally {
            spark.stop();
        }
        write(result, lines);
    }

    private static void awaitExecutors(SparkSession spark, int executors) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_EXECUTORS_MS;
        // getExecutorInfos() lists the driver too.
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "Only " + (spark.sparkContext().statusTracker().getExecutorInfos().length - 1) + " of "
                                + executors + " executors registered within " + WAIT_EXECUTORS_MS + " ms");
            }
            Thread.sleep(100);
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ');
    }

    /** Written whole or not at all: the test reads it only after the driver exited 0. */
    private static void write(Path result, List<String> lines) throws IOException {
        Path partial = result.resolveSibling(result.getFileName() + ".partial");
        Files.write(partial, lines, StandardCharsets.UTF_8);
        Files.move(partial, result, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

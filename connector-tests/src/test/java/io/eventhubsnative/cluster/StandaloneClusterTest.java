package io.eventhubsnative.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import io.eventhubsnative.local.LocalEventHubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded connector on a real (if small) Spark standalone cluster: a Master, two Workers, their executors and
 * the driver each in its own JVM on 127.0.0.1. The cluster's classpath ({@code SPARK_HOME/jars}, laid out by Maven
 * in target/spark-home) holds Spark, Delta and the older libraries Fabric Runtime 1.3 ships (azure-core 1.47.0,
 * reactor-core 3.4.34, proton-j 0.33.8) that the unshaded connector cannot run against; the driver's classpath is
 * SPARK_HOME/jars + the shaded jar + its own main class, and the executors get the connector only from
 * {@code spark.jars}. Events from a {@link LocalEventHubs} in this JVM are streamed into Delta by two driver runs
 * with the same checkpoint and new events in between: each (partition, sequenceNumber) lands exactly once.
 */
class StandaloneClusterTest {

    private static final int PARTITIONS = 4;
    private static final int FIRST = 60;
    private static final int SECOND = 40;
    private static final int WORKERS = 2;
    private static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(150);

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shadedJarStreamsIntoDeltaExactlyOnceAcrossDriverRestartsOnAClusterWithConflictingLibraries() throws Exception {
        Path jar = ShadedJar.locate();
        Path sparkHome = moduleDir().resolve("target").resolve("spark-home");
        checkClusterClasspath(sparkHome.resolve("jars"));
        Path runDir = Files.createDirectories(
                moduleDir().resolve("target").resolve("cluster-test").resolve("run-" + System.currentTimeMillis()));
        Path driverClasses = driverClasses(runDir);
        Path table = runDir.resolve("table");
        Path checkpoint = runDir.resolve("checkpoint");
        long started = System.nanoTime();

        try (LocalEventHubs hubs =
                        LocalEventHubs.builder().hub("cluster", PARTITIONS).start();
                StandaloneCluster cluster = StandaloneCluster.start(sparkHome, runDir, WORKERS)) {
            log("cluster up after " + seconds(started) + " s: " + cluster.masterUrl() + ", endpoint port "
                    + hubs.port());
            EventHubProducerClient producer = producer(hubs);
            try {
                ClusterEvents.send(producer, PARTITIONS, 0, FIRST);
                DriverResult first = runDriver(cluster, "driver1", jar, driverClasses, hubs, table, checkpoint, runDir);
                List<Executor> executors =
                        first.executors.stream().map(Executor::of).collect(Collectors.toList());
                log("first driver done after " + seconds(started) + " s: batches " + first.batches + "; executors "
                        + executors.stream()
                                .map(e -> e.pid + " (connector " + e.connectorAzureCore + ", cluster "
                                        + e.clusterAzureCore + ")")
                                .collect(Collectors.joining(", ")));

                assertThat(executors).as("executor JVMs that ran tasks").isNotEmpty();
                assertThat(executors).allSatisfy(executor -> {
                    assertThat(executor.pid).as("executor pid").isNotEqualTo(first.driverPid);
                    assertThat(executor.command).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend");
                    assertThat(executor.classpath)
                            .as("executor classpath")
                            .contains(
                                    "azure-core-1.47.0.jar",
                                    "reactor-core-3.4.34.jar",
                                    "proton-j-0.33.8.jar",
                                    "delta-spark_2.12-3.3.2.jar")
                            .doesNotContain(ShadedJar.ARTIFACT_PREFIX);
                    assertThat(executor.clusterAzureCore)
                            .as("azure-core of the cluster")
                            .contains("version=1.47.0");
                    assertThat(executor.connectorAzureCore)
                            .as("azure-core inside the shaded connector")
                            .contains("name=azure-core")
                            .doesNotContain("version=1.47.0");
                });
                assertThat(fetchedConnectorJars(cluster.workDir()))
                        .as("shaded jar fetched by executors from spark.jars")
                        .isNotEmpty();
                assertThat(first.rows)
                        .as("rows after the first run")
                        .isEqualTo(ClusterEvents.expected(PARTITIONS, FIRST));
                assertThat(first.batches).as("micro-batches of the first run").hasSizeGreaterThan(1);

                ClusterEvents.send(producer, PARTITIONS, FIRST, SECOND);
                DriverResult second =
                        runDriver(cluster, "driver2", jar, driverClasses, hubs, table, checkpoint, runDir);
                log("second driver done after " + seconds(started) + " s: batches " + second.batches);

                assertThat(second.rows)
                        .as("every (partition, sequenceNumber) exactly once after the restart")
                        .isEqualTo(ClusterEvents.expected(PARTITIONS, FIRST + SECOND));
                assertThat(second.batches.stream().mapToLong(Long::longValue).sum())
                        .as("rows the second run read: only the new events")
                        .isEqualTo((long) PARTITIONS * SECOND);
            } finally {
                producer.close();
            }
        }
        log("total " + seconds(started) + " s");
        // Passed: drop the run's tables, checkpoints and fetched jars; a failed run keeps everything for a look.
        deleteRecursively(runDir);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path moduleDir() {
        return Paths.get(System.getProperty("basedir", ".")).toAbsolutePath();
    }

    /** The cluster's jars/: Spark, Delta and exactly the runtime's old azure-core/Reactor, no connector. */
    private static void checkClusterClasspath(Path jars) throws IOException {
        assertThat(jars)
                .as("SPARK_HOME/jars laid out by maven-dependency-plugin (generate-test-resources)")
                .isDirectory();
        List<String> names;
        try (Stream<Path> files = Files.list(jars)) {
            names = files.map(path -> path.getFileName().toString()).collect(Collectors.toList());
        }
        assertThat(names)
                .contains(
                        "azure-core-1.47.0.jar",
                        "reactor-core-3.4.34.jar",
                        "proton-j-0.33.8.jar",
                        "delta-spark_2.12-3.3.2.jar",
                        "spark-sql_2.12-3.5.7.jar");
        assertThat(names.stream()
                        .filter(name -> name.startsWith("azure-core-1.")
                                || name.startsWith("reactor-core-")
                                || name.startsWith("proton-j-")))
                .as("one version of each conflicting library (a stale copy would make the test pick at random)")
                .containsExactlyInAnyOrder("azure-core-1.47.0.jar", "reactor-core-3.4.34.jar", "proton-j-0.33.8.jar");
        assertThat(names).noneMatch(name -> name.startsWith("eventhubs-native") || name.startsWith("local-eventhubs"));
    }

    /** A directory holding only the driver's main class, so nothing else of the test classpath reaches the driver. */
    private static Path driverClasses(Path runDir) throws IOException {
        String resource = ClusterDriver.class.getName().replace('.', '/') + ".class";
        Path source = Paths.get(java.net.URI.create(
                ClusterDriver.class.getClassLoader().getResource(resource).toString()));
        Path target = runDir.resolve("driver-classes").resolve(resource);
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
        return runDir.resolve("driver-classes");
    }

    private static DriverResult runDriver(
            StandaloneCluster cluster,
            String name,
            Path jar,
            Path driverClasses,
            LocalEventHubs hubs,
            Path table,
            Path checkpoint,
            Path runDir)
            throws IOException, InterruptedException {
        Path result = runDir.resolve(name + ".tsv");
        int exit = cluster.runDriver(
                name,
                List.of(driverClasses, jar),
                ClusterDriver.class.getName(),
                List.of(
                        cluster.masterUrl(),
                        jar.toString(),
                        hubs.connectionString(),
                        "cluster",
                        table.toString(),
                        checkpoint.toString(),
                        "90",
                        Integer.toString(WORKERS),
                        result.toString()),
                DRIVER_TIMEOUT);
        if (exit != 0 || !Files.exists(result)) {
            throw new AssertionError("Driver " + name + " exited with " + exit + "; log tail:\n"
                    + StandaloneCluster.tail(cluster.logs().resolve(name + ".log"), 80) + "\n" + executorLogs(cluster));
        }
        return DriverResult.parse(Files.readAllLines(result, StandardCharsets.UTF_8));
    }

    private static String executorLogs(StandaloneCluster cluster) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(cluster.workDir())) {
            for (Path stderr : files.filter(
                            path -> path.getFileName().toString().equals("stderr"))
                    .collect(Collectors.toList())) {
                text.append("--- ")
                        .append(stderr)
                        .append(":\n")
                        .append(StandaloneCluster.tail(stderr, 30))
                        .append('\n');
            }
        }
        return text.toString();
    }

    private static List<Path> fetchedConnectorJars(Path workDir) throws IOException {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(path -> path.getFileName().toString().startsWith(ShadedJar.ARTIFACT_PREFIX))
                    .collect(Collectors.toList());
        }
    }

    private static EventHubProducerClient producer(LocalEventHubs hubs) {
        return new EventHubClientBuilder()
                .connectionString(hubs.connectionString("cluster"))
                .retryOptions(new AmqpRetryOptions()
                        .setMode(AmqpRetryMode.FIXED)
                        .setMaxRetries(2)
                        .setDelay(Duration.ofMillis(200))
                        .setTryTimeout(Duration.ofSeconds(15)))
                .buildProducerClient();
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    private static void log(String message) {
        System.out.println("[cluster-test] " + message);
    }

    private static final class Executor {
        final long pid;
        final String command;
        final String classpath;
        final String connectorAzureCore;
        final String clusterAzureCore;

        /** From the fields of an executor line of {@link ClusterDriver}. */
        static Executor of(List<String> f) {
            return new Executor(Long.parseLong(f.get(0)), f.get(1), f.get(2), f.get(3), f.get(4));
        }

        Executor(long pid, String command, String classpath, String connectorAzureCore, String clusterAzureCore) {
            this.pid = pid;
            this.command = command;
            this.classpath = classpath;
            this.connectorAzureCore = connectorAzureCore;
            this.clusterAzureCore = clusterAzureCore;
        }
    }
}

package io.eventhubsnative.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import io.eventhubsnative.cluster.ClusterEvents;
import io.eventhubsnative.cluster.DriverResult;
import io.eventhubsnative.cluster.StandaloneCluster;
import io.eventhubsnative.local.LocalEventHubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code _2.13} jar on a multi-process Spark 4.1 standalone cluster laid out as Fabric Runtime 2.0 is: PySpark
 * 4.1.1's Spark with Fabric's own Netty 4.2.15, nimbus-jose-jwt, jcip-annotations and Delta 4.2.0 in place of or
 * beside Spark's (runtimes/pom.xml), on Java 21 as Fabric runs it, a Master, two Workers and their executors in their
 * own JVMs, and a PySpark driver, as a notebook is, that attaches the jar through {@code spark.jars}. Two driver runs
 * stream the hub into Delta with the same checkpoint and new events in between: each (partition, sequenceNumber) lands
 * exactly once.
 */
class FabricClusterTest {

    private static final int PARTITIONS = 4;
    private static final int FIRST = 60;
    private static final int SECOND = 40;
    private static final int WORKERS = 2;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void spark41ClusterWithFabricLibrariesStreamsIntoDeltaExactlyOnceAcrossADriverRestart() throws Exception {
        PySpark pyspark = PySpark.prepare(RuntimeCell.SPARK_4_1_JAVA_21);
        Path runDir = Files.createDirectories(Path.of("target", "fabric-cluster", "run-" + System.currentTimeMillis())
                .toAbsolutePath());
        Path home = fabricSparkHome(pyspark, runDir.resolve("spark-home"));
        Path jar = Path.of(System.getProperty("runtimes.jars"))
                .resolve(RuntimeCell.SPARK_4_1_JAVA_21.connectorJar(System.getProperty("runtimes.version")));

        try (LocalEventHubs hubs =
                        LocalEventHubs.builder().hub("fabric", PARTITIONS).start();
                StandaloneCluster cluster =
                        StandaloneCluster.start(home, "2.13", Path.of(pyspark.javaHome()), runDir, WORKERS);
                EventHubProducerClient producer = new EventHubClientBuilder()
                        .connectionString(hubs.connectionString("fabric"))
                        .buildProducerClient()) {
            ClusterEvents.send(producer, PARTITIONS, 0, FIRST);
            DriverResult first = runDriver(cluster, pyspark, home, "driver1", jar, hubs, runDir);
            assertThat(first.executors)
                    .as("the Java of each executor JVM (Fabric Runtime 2.0 runs Java 21)")
                    .isNotEmpty()
                    .allSatisfy(
                            fields -> assertThat(fields.get(fields.size() - 1)).startsWith("21."));
            List<String> executors = first.executors.stream()
                    .map(fields -> String.join("\t", fields))
                    .collect(Collectors.toList());
            assertThat(executors)
                    .as("executor JVMs that ran tasks")
                    .isNotEmpty()
                    .allSatisfy(executor -> {
                        assertThat(executor)
                                .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")
                                .contains("netty-common-4.2.15.Final.jar")
                                .contains("nimbus-jose-jwt-9.37.2.jar")
                                .doesNotContain("eventhubs-native-spark");
                        assertThat(executor).as("Netty the executor runs").contains("netty-common-4.2.15.Final");
                    });
            assertThat(first.rows).isEqualTo(ClusterEvents.expected(PARTITIONS, FIRST));
            assertThat(Files.readString(cluster.logs().resolve("driver1.log")))
                    .as("the driver's log")
                    .doesNotContain("Executor affinity is off");
            assertThat(first.batches).as("micro-batches of at most 90 events").hasSizeGreaterThan(1);

            ClusterEvents.send(producer, PARTITIONS, FIRST, SECOND);
            DriverResult second = runDriver(cluster, pyspark, home, "driver2", jar, hubs, runDir);
            assertThat(second.rows)
                    .as("every (partition, sequenceNumber) exactly once after the restart")
                    .isEqualTo(ClusterEvents.expected(PARTITIONS, FIRST + SECOND));
            assertThat(second.batches.stream().mapToLong(Long::longValue).sum())
                    .as("rows the second run read")
                    .isEqualTo((long) PARTITIONS * SECOND);
        }
        // Passed: drop the run's table, checkpoint and SPARK_HOME links; a failed run keeps them for a look.
        try (Stream<Path> paths = Files.walk(runDir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** PySpark 4.1.1's jars with Fabric 2.0's Netty in place of Spark's, plus Fabric's other shared libraries. */
    private static Path fabricSparkHome(PySpark pyspark, Path home) throws IOException {
        Path pysparkDir = PySpark.pysparkDir(pyspark.venv());
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<Path> fabric;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("runtimes.fabricLibraries")))) {
            fabric = files.collect(Collectors.toList());
        }
        try (Stream<Path> files = Files.list(pysparkDir.resolve("jars"))) {
            for (Path jar : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String name = jar.getFileName().toString();
                // Netty 4.2.7 of Spark 4.1.1 gives way to Fabric's 4.2.15, artifact by artifact.
                boolean replaced = name.startsWith("netty-")
                        && name.contains("-4.2.7.Final")
                        && fabric.stream()
                                .anyMatch(f -> f.getFileName()
                                        .toString()
                                        .startsWith(name.substring(0, name.indexOf("-4.2.7.Final")) + "-4.2."));
                if (!replaced) {
                    Files.createSymbolicLink(jars.resolve(name), jar);
                }
            }
        }
        for (Path library : fabric) {
            Files.createSymbolicLink(jars.resolve(library.getFileName()), library);
        }
        PySpark.withLaunchers(home, pysparkDir, "Spark 4.1.1 laid out as Fabric Runtime 2.0");
        return home;
    }

    private static DriverResult runDriver(
            StandaloneCluster cluster,
            PySpark pyspark,
            Path home,
            String name,
            Path jar,
            LocalEventHubs hubs,
            Path runDir)
            throws IOException, InterruptedException {
        Path result = runDir.resolve(name + ".tsv");
        List<String> command = List.of(
                pyspark.venv().resolve("bin").resolve("python").toString(),
                PySpark.python().resolve("cluster_driver.py").toString(),
                cluster.masterUrl(),
                jar.toString(),
                hubs.connectionString(),
                "fabric",
                runDir.resolve("table").toString(),
                runDir.resolve("checkpoint").toString(),
                Integer.toString(WORKERS),
                result.toString());
        int exit = cluster.runDriver(
                name,
                command,
                Map.of("SPARK_HOME", home.toString(), "JAVA_HOME", pyspark.javaHome()),
                Duration.ofMinutes(5));
        if (exit != 0 || !Files.exists(result)) {
            throw new AssertionError("Driver " + name + " exited with " + exit + "; log tail:\n"
                    + StandaloneCluster.tail(cluster.logs().resolve(name + ".log"), 80));
        }
        return DriverResult.parse(Files.readAllLines(result, StandardCharsets.UTF_8));
    }
}

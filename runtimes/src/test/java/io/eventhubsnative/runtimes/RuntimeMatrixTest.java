package io.eventhubsnative.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SelfSignedCertificate;
import io.eventhubsnative.localkafka.LocalKafka;
import io.eventhubsnative.runtimes.provider.RecordingTokenProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The runtime matrix: on each Spark line users run, every reference of the shaded jar of its Scala line into Spark,
 * Scala and Hadoop links ({@link Linkage}), and the jar does, from a classic PySpark
 * session ({@code src/test/python/test_runtime.py}): a batch write and read, an AvailableNow stream into Delta and
 * a restart that reads each new event exactly once, Microsoft Entra ID through a user token provider, and a
 * streaming write. On Spark 4 the same again from a Spark Connect client ({@code test_connect.py}) against a Connect
 * server that has the jar, plus {@code format("eventhubs-kafka")} against a Kafka broker that signs clients in as the
 * Event Hubs Kafka endpoint does; and real-time mode ({@code test_realtime.py}), which Spark 4.0 refuses clearly.
 * The endpoint runs here, so this side checks what the service saw: the provider's tokens.
 */
class RuntimeMatrixTest {

    private static final String KAFKA_KEY_NAME = "RootManageSharedAccessKey";
    private static final String KAFKA_KEY = "cnVudGltZS1tYXRyaXgta2V5";

    /** Each cell's test is named by its {@link RuntimeCell}: {@code RuntimeMatrixTest.cell(RuntimeCell)[SPARK_4_1]}. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(RuntimeCell.class)
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void cell(RuntimeCell cell) throws Exception {
        String only = System.getProperty("runtimes.cells", "");
        Assumptions.assumeTrue(
                only.isEmpty() || List.of(only.split(",")).contains(cell.name()),
                "-Druntimes.cells=" + only + " leaves " + cell + " out");
        PySpark pyspark = PySpark.prepare(cell);
        // Every call the jar makes into Spark, Scala or Hadoop links on this Spark, on every code path.
        assertThat(Linkage.unresolved(pyspark.connectorJar(), pyspark.sparkJars()))
                .as(
                        "references of %s that %s's jars cannot satisfy",
                        pyspark.connectorJar().getFileName(), cell)
                .isEmpty();
        List<String> tokens = new CopyOnWriteArrayList<>();
        try (LocalEventHubs hubs = endpoint(tokens)) {
            pyspark.pytest("test_runtime.py", hubs.connectionString(), registry(hubs));
            if (cell.sparkLine.startsWith("4")) {
                // Real-time mode on Spark 4.1 and later; on 4.0 that the trigger helper names the Spark needed.
                Path stoppedAt = Files.createTempFile("realtime-stopped-at", ".txt");
                try {
                    pyspark.pytest(
                            "test_realtime.py",
                            hubs.connectionString(),
                            Map.of(
                                    "EXAMPLES_REALTIME_JAR",
                                    repo().resolve("examples/target/examples-realtime.jar")
                                            .toString(),
                                    "REALTIME_STOPPED_AT",
                                    stoppedAt.toString()));
                    if (!cell.sparkLine.equals("4.0")) {
                        // The steady-stream test crossed a batch boundary: the next batch's tasks took the same links.
                        assertThat(hubs.counters().linksAttachedBefore("realtime/ConsumerGroups/", stopped(stoppedAt)))
                                .as("receive links opened on the 4 partitions of hub 'realtime' before its query was"
                                        + " stopped")
                                .isEqualTo(4);
                    }
                } finally {
                    Files.deleteIfExists(stoppedAt);
                }
            }
        }
        if (cell.connect) {
            // The same tests again from a Connect client, against an endpoint of their own.
            try (LocalEventHubs hubs = endpoint(tokens);
                    LocalKafka kafka = LocalKafka.start(
                            Path.of(System.getProperty("localKafka.home")),
                            KAFKA_KEY_NAME,
                            KAFKA_KEY,
                            "https://127.0.0.1",
                            "connect-kafka:2")) {
                pyspark.pytest(
                        "test_connect.py",
                        hubs.connectionString(),
                        with(
                                registry(hubs),
                                Map.of(
                                        "KAFKA_BOOTSTRAP", kafka.saslBootstrap(),
                                        "KAFKA_CONNECTION_STRING",
                                                "Endpoint=sb://127.0.0.1/;SharedAccessKeyName=" + KAFKA_KEY_NAME
                                                        + ";SharedAccessKey=" + KAFKA_KEY,
                                        "KAFKA_PACKAGE",
                                                "org.apache.spark:spark-sql-kafka-0-10_2.13:" + cell.pyspark)));
            }
        }
        // The Entra ID tests signed in with the provider's tokens, for the hub they used and nothing else.
        List<String> providerTokens =
                tokens.stream().filter(RuntimeMatrixTest::fromProvider).collect(Collectors.toList());
        assertThat(providerTokens)
                .as("tokens of RecordingTokenProvider the endpoint accepted")
                .hasSizeGreaterThanOrEqualTo(cell.connect ? 2 : 1)
                .allSatisfy(token -> assertThat(token).contains("/entra"));
    }

    /** Where the endpoint's Schema Registry is and the certificate to trust, for the cell's Python side. */
    private static Map<String, String> registry(LocalEventHubs hubs) {
        return Map.of(
                "REGISTRY_NAMESPACE", hubs.schemaRegistryNamespace(),
                "REGISTRY_CERTIFICATE", certificate().pem().toString());
    }

    private static Map<String, String> with(Map<String, String> some, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(some);
        all.putAll(more);
        return all;
    }

    private static SelfSignedCertificate certificate;

    private static synchronized SelfSignedCertificate certificate() {
        if (certificate == null) {
            try {
                certificate = SelfSignedCertificate.create(Files.createTempDirectory("runtimes-registry"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return certificate;
    }

    /** The hubs the suite uses, and a Schema Registry; every JWT offered to it is recorded in {@code tokens}. */
    private static LocalEventHubs endpoint(List<String> tokens) {
        LocalEventHubs hubs = LocalEventHubs.builder()
                .hub("avro", 2)
                .hub("avro-sql", 2)
                .schemaRegistry(certificate().serverContext(), "runtime")
                .hub("batch", 4)
                .hub("stream", 4)
                .hub("entra", 2)
                .hub("forward-in", 3)
                .hub("forward-out", 2)
                .hub("realtime", 4)
                .hub("realtime-restart", 4)
                .hub("realtime-crash", 4)
                .hub("payments", 4)
                .hub("payments-java", 4)
                .hub("realtime-in", 2)
                .hub("realtime-out", 2)
                .start();
        hubs.jwtValidator((token, audience) -> {
            tokens.add(audience + " " + token);
            return true;
        });
        return hubs;
    }

    /** When {@code test_realtime.py} stopped its steady-stream query, as it wrote it (nanoseconds since the epoch). */
    private static Instant stopped(Path stoppedAt) throws IOException {
        String nanos = Files.readString(stoppedAt, StandardCharsets.UTF_8).trim();
        assertThat(nanos)
                .as("when test_realtime.py stopped its steady-stream query (%s)", stoppedAt)
                .isNotEmpty();
        long epochNanos = Long.parseLong(nanos);
        return Instant.ofEpochSecond(0, epochNanos);
    }

    private static boolean fromProvider(String audienceAndToken) {
        String token = audienceAndToken.substring(audienceAndToken.indexOf(' ') + 1);
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return false;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return payload.contains(RecordingTokenProvider.ISSUER)
                && payload.contains("https://eventhubs.azure.net/.default");
    }

    static Path repo() {
        return Path.of(System.getProperty("runtimes.repo", ".."))
                .toAbsolutePath()
                .normalize();
    }
}

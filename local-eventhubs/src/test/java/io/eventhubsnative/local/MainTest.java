package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code Main} as users run it: a separate JVM on this module's classpath, driven through its output. */
@Timeout(90)
class MainTest {

    private static final Pattern READY = Pattern.compile("local-eventhubs ready on port (\\d+)");

    /** Starts Main in a child JVM with this test run's classpath (target/classes plus the dependencies). */
    private static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(false).start();
    }

    /** The process's stdout lines, read on a daemon thread so that waits stay bounded. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "main-test-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Runs Main to completion (it should exit by itself) and returns its exit code and stderr. */
    private static Result run(String... args) throws Exception {
        Process process = launch(args);
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("Main %s exits", List.of(args))
                    .isTrue();
            return new Result(
                    process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    /** A TLS context that trusts only the PEM certificate at {@code pem}. */
    private static javax.net.ssl.SSLContext trusting(Path pem) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(pem)) {
            trust.setCertificateEntry(
                    "local",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory trustManagers =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** Main's stdout up to its 'ready' line. */
    private static List<String> untilReady(Process process) throws InterruptedException {
        BlockingQueue<String> lines = lines(process);
        List<String> seen = new ArrayList<>();
        while (seen.isEmpty() || !READY.matcher(seen.get(seen.size() - 1)).find()) {
            String line = lines.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("a 'ready' line from Main; so far %s", seen).isNotNull();
            seen.add(line);
        }
        return seen;
    }

    @Test
    void servesTheSchemaRegistryWithTheGroupsAsked() throws Exception {
        Process process = launch("--port", "0", "--schema-registry", "telemetry,alerts");
        try {
            String output = String.join("\n", untilReady(process));
            Matcher registry = Pattern.compile(
                            "Schema Registry: (localhost:\\d+), groups telemetry, alerts; .*clients trust (\\S+) \\(PEM\\)")
                    .matcher(output);
            assertThat(registry.find())
                    .as("the registry's address and certificate in %s", output)
                    .isTrue();
            java.net.http.HttpResponse<String> groups = java.net.http.HttpClient.newBuilder()
                    .sslContext(trusting(Path.of(registry.group(2))))
                    .build()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "https://" + registry.group(1) + "/$schemaGroups?api-version=2023-07-01"))
                                    .header(
                                            "Authorization",
                                            "Bearer "
                                                    + SchemaRegistryClients.credential()
                                                            .getTokenSync(null)
                                                            .getToken())
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(groups.statusCode()).isEqualTo(200);
            assertThat(groups.body()).contains("\"telemetry\"").contains("\"alerts\"");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void servesTlsWithAGeneratedCertificateThatClientsCanTrust() throws Exception {
        Process process = launch("--port", "0", "--tls");
        try {
            BlockingQueue<String> lines = lines(process);
            List<String> seen = new ArrayList<>();
            int port = -1;
            while (port < 0) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("a 'ready' line from Main; so far %s", seen).isNotNull();
                seen.add(line);
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    port = Integer.parseInt(ready.group(1));
                }
            }
            assertThat(seen)
                    .contains("Connection string: Endpoint=sb://localhost/;SharedAccessKeyName="
                            + "RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;");
            Matcher pem = Pattern.compile("clients trust (\\S+) \\(PEM\\)").matcher(String.join("\n", seen));
            assertThat(pem.find()).as("the certificate's path in %s", seen).isTrue();
            String address = "https://localhost:" + port;
            assertThat(seen).anySatisfy(line -> assertThat(line).contains(address));

            // A client that trusts only the printed certificate, and checks that it names localhost.
            javax.net.ssl.SSLContext context = trusting(Path.of(pem.group(1)));
            try (javax.net.ssl.SSLSocket socket =
                    (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
                javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                byte[] saslHeader = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
                socket.getOutputStream().write(saslHeader);
                assertThat(socket.getInputStream().readNBytes(8)).isEqualTo(saslHeader);
            }
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aGivenKeyStoreWithTheWrongPasswordFailsNamingTheOptions(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        Path keyStore = dir.resolve("local-eventhubs.p12");
        assertThat(keyStore).exists();
        Result result = run("--tls", "--tls-keystore", keyStore.toString(), "--tls-password", "wrong", "--port", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--tls-keystore").contains("--tls-password");
        assertThat(certificate.pem()).exists();
    }

    @Test
    void startsWithAConfigAndServesTheSdk(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("Config.json");
        Files.writeString(config, EmulatorConfigTest.OFFICIAL_EXAMPLE);
        Process process = launch("--port", "0", "--config", config.toString());
        try {
            BlockingQueue<String> lines = lines(process);
            String connectionString = null;
            int port = -1;
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (port < 0) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(line).as("a 'ready' line from Main; so far %s", seen).isNotNull();
                seen.add(line);
                if (line.startsWith("Connection string: ")) {
                    connectionString = line.substring("Connection string: ".length());
                }
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    port = Integer.parseInt(ready.group(1));
                }
            }
            assertThat(port).isPositive();
            assertThat(connectionString)
                    .isEqualTo(
                            "Endpoint=sb://localhost:" + port
                                    + ";SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;");
            assertThat(seen)
                    .anySatisfy(line -> assertThat(line)
                            .contains("eh1")
                            .contains("2 partitions")
                            .contains("cg1"));

            // The printed connection string is all a client needs.
            EventHubClientBuilder builder = new EventHubClientBuilder()
                    .connectionString(connectionString, "eh1")
                    .consumerGroup("cg1")
                    .retryOptions(Sdk.fastRetry());
            try (EventHubProducerClient producer = builder.buildProducerClient();
                    EventHubConsumerClient consumer = builder.buildConsumerClient()) {
                assertThat(producer.getPartitionIds()).containsExactly("0", "1");
                producer.send(List.of(new EventData("via main")), new SendOptions().setPartitionId("1"));
                assertThat(producer.getPartitionProperties("1").getLastEnqueuedSequenceNumber())
                        .isZero();
                assertThat(Sdk.bodies(Sdk.receive(consumer, "1", 1, EventPosition.earliest())))
                        .containsExactly("via main");
            }

            // SIGTERM runs the shutdown hook, which closes the endpoint. (Process.destroy() would also close our end of
            // the child's stdout; the handle only sends the signal.)
            process.toHandle().destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> rest = new ArrayList<>();
            String line;
            while ((line = lines.poll(2, TimeUnit.SECONDS)) != null) {
                rest.add(line);
                if (line.equals("local-eventhubs stopped")) {
                    break;
                }
            }
            assertThat(rest)
                    .as(
                            "stdout after SIGTERM; stderr: %s",
                            new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("local-eventhubs stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void helpPrintsUsage() throws Exception {
        Result help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("Usage:").contains("--port").contains("--config");
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy(@TempDir Path dir) throws Exception {
        Result port = run("--port", "seventy");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.stderr()).contains("--port").contains("'seventy'");

        Result unknown = run("--verbose", "yes");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Unknown argument '--verbose'").contains("Usage:");

        Result missingValue = run("--config");
        assertThat(missingValue.exitCode()).isEqualTo(2);
        assertThat(missingValue.stderr()).contains("'--config' needs a value");

        Result absent = run("--config", dir.resolve("nope.json").toString());
        assertThat(absent.exitCode()).isEqualTo(2);
        assertThat(absent.stderr()).contains("Config file not found").contains("nope.json");

        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result busy = run("--port", Integer.toString(taken.getLocalPort()));
            assertThat(busy.exitCode()).isEqualTo(2);
            assertThat(busy.stderr()).contains("Could not start").contains(":" + taken.getLocalPort());
        }

        Path invalid = dir.resolve("Config.json");
        Files.writeString(
                invalid,
                "{\"UserConfig\":{\"NamespaceConfig\":[{\"Type\":\"EventHub\",\"Entities\":"
                        + "[{\"Name\":\"eh1\",\"PartitionCount\":64}]}]}}");
        Result badConfig = run("--port", "0", "--config", invalid.toString());
        assertThat(badConfig.exitCode()).isEqualTo(2);
        assertThat(badConfig.stderr()).contains("Config.json").contains("PartitionCount 64");
    }
}

package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.eventhubsnative.local.PutToken;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft Entra ID sign-in end to end: the connector's credential hands JWTs to the endpoint's CBS node over the
 * local endpoint's plain-AMQP connection string ({@code UseDevelopmentEmulator=true} plus an Entra ID mode), tokens
 * are refreshed before they expire, and a refused token fails the query naming the sign-in mode.
 */
class AuthTest extends EndToEndTest {

    /** The signature of tokens the endpoint refuses. */
    private static final String FORGED = "forged";

    /** Every token the endpoint was asked to accept, as {@code audience + " " + token}. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    void refuseForgedTokens() {
        hubs.jwtValidator((token, audience) -> {
            seen.add(audience + " " + token);
            return !FakeJwtProvider.signatureOf(token).equals(FORGED);
        });
    }

    /** A stream of {@code hub} signed in by the class {@code provider} over the endpoint's connection string. */
    private DataStreamReader entraStream(String hub, Class<?> provider) {
        return spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", hub)
                .option("eventhubs.credentialProvider", provider.getName())
                .option("eventhubs.startingPosition", "earliest");
    }

    /** Rows in the table so far; 0 before its first commit. */
    private long rowsSoFar(Path dir) {
        try {
            return deltaCount(dir);
        } catch (Exception e) {
            // Delta's "table not found" (a checked AnalysisException thrown from Scala) before the first commit.
            return 0;
        }
    }

    private List<PutToken> jwtTokens(String hub) {
        return hubs.counters().putTokens().stream()
                .filter(t -> PutToken.JWT.equals(t.type())
                        && (t.audience().contains("/" + hub + "/")
                                || t.audience().endsWith("/" + hub)))
                .collect(Collectors.toList());
    }

    private List<PutToken> sasTokensOfReceivers(String hub) {
        return hubs.counters().putTokens().stream()
                .filter(t -> !PutToken.JWT.equals(t.type()) && t.audience().contains("/" + hub + "/ConsumerGroups/"))
                .collect(Collectors.toList());
    }

    private static String partitionAudience(String hub, int partition) {
        return "amqp://localhost/" + hub + "/ConsumerGroups/$Default/Partitions/" + partition;
    }

    @Test
    void aCredentialProviderSignsInWithJwts(@TempDir Path dir) {
        String hub = newHub(2);
        sendToEach(hub, 2, 10);

        availableNow(entraStream(hub, FakeJwtProvider.class).load(), dir);

        assertThat(sequenceNumbers(dir)).containsEntry("0", range(0, 10)).containsEntry("1", range(0, 10));
        List<PutToken> jwts = jwtTokens(hub);
        assertThat(jwts).extracting(PutToken::audience).contains(partitionAudience(hub, 0), partitionAudience(hub, 1));
        assertThat(jwts).allMatch(PutToken::accepted);
        assertThat(sasTokensOfReceivers(hub))
                .as("no SAS token for the receivers")
                .isEmpty();
    }

    @Test
    void aTokenCredentialOfTheApplicationsAzureCoreIsAccepted(@TempDir Path dir) {
        String hub = newHub(1);
        send(hub, "0", 5);
        int before = FakeJwtCredential.CALLS.get();

        availableNow(entraStream(hub, FakeJwtCredential.class).load(), dir);

        assertThat(deltaCount(dir)).isEqualTo(5);
        assertThat(FakeJwtCredential.CALLS.get()).isGreaterThan(before);
        assertThat(jwtTokens(hub)).extracting(PutToken::audience).contains(partitionAudience(hub, 0));
    }

    @Test
    void expiringTokensAreRefreshedWhileTheStreamRuns(@TempDir Path dir) {
        String hub = newHub(1);
        // 10 s, not less: with shorter tokens a put-token round trip slowed by a busy machine can leave the SDK a
        // refresh interval of 0, which it does not handle gracefully (local-eventhubs AuthTest).
        long lifetimeSeconds = 10;
        StreamingQuery query = toDelta(
                entraStream(hub, FakeJwtProvider.class)
                        .option(FakeJwtProvider.LIFETIME, Long.toString(lifetimeSeconds))
                        .load(),
                dir,
                Trigger.ProcessingTime(500));

        // Batches spread over three token lifetimes.
        int rounds = 3;
        for (int round = 1; round <= rounds; round++) {
            send(hub, "0", 5, "r" + round + "-");
            long expected = 5L * round;
            await("round " + round + " in the table", Duration.ofSeconds(30), () -> {
                assertThat(query.exception().isEmpty())
                        .as("query failure: %s", query.exception())
                        .isTrue();
                return rowsSoFar(dir) >= expected;
            });
            sleep(lifetimeSeconds * 1000L);
        }
        assertThat(query.isActive()).isTrue();
        assertThat(sequenceNumbers(dir)).containsEntry("0", range(0, 5L * rounds));

        List<PutToken> partitionTokens = jwtTokens(hub).stream()
                .filter(t -> t.audience().equals(partitionAudience(hub, 0)))
                .collect(Collectors.toList());
        assertThat(partitionTokens).allMatch(PutToken::accepted);
        // One link for the whole run (receivers are reused), and its token renewed before each expiry.
        assertThat(partitionTokens.size())
                .as("put-tokens for the partition link")
                .isGreaterThanOrEqualTo(3);
        Instant lastExpiry = partitionTokens.get(partitionTokens.size() - 1).expiresAt();
        assertThat(lastExpiry).isAfter(Instant.now());
        // Renewed on the open link, not by a new link after the endpoint detached an expired one.
        assertThat(hubs.counters().linksAttached(hub + "/ConsumerGroups/$Default/Partitions/0"))
                .as("links attached to partition 0")
                .isEqualTo(1);
        stop(query);
    }

    @Test
    void aRefusedTokenFailsNamingTheSignInModeWithoutTheToken(@TempDir Path dir) {
        String hub = newHub(1);
        send(hub, "0", 1);
        FakeJwtProvider.ISSUED.clear();

        StreamingQuery query = toDelta(
                entraStream(hub, FakeJwtProvider.class)
                        .option(FakeJwtProvider.SIGNATURE, FORGED)
                        .option("eventhubs.operationTimeout", "10s")
                        .load(),
                dir,
                Trigger.AvailableNow());
        StreamingQueryException error = awaitFailureWithinTenSecondTimeout(query);
        assertThat(error.getMessage()).contains(hub).contains("credentialProvider");
        assertThat(FakeJwtProvider.ISSUED).as("tokens handed out").isNotEmpty();
        String text = fullText(error);
        for (String token : FakeJwtProvider.ISSUED) {
            assertNoSecret(text, token, token.substring(token.indexOf('.') + 1));
        }
        // The management request carries the token itself (security_token) and is refused; no token was accepted.
        assertThat(jwtTokens(hub)).noneMatch(PutToken::accepted);
    }

    /**
     * azure-identity's own ManagedIdentityCredential, in a JVM of its own whose environment says "App Service"
     * (IDENTITY_ENDPOINT, IDENTITY_HEADER): the token travels from a loopback HTTP identity endpoint through
     * azure-identity (shaded, inside the connector) to the endpoint's CBS node.
     */
    @Test
    void aManagedIdentityTokenTravelsFromTheIdentityEndpointToCbs(@TempDir Path dir) throws Exception {
        String hub = newHub(2);
        sendToEach(hub, 2, 3);
        String identityHeader = "header-" + UUID.randomUUID();
        String msiToken = FakeJwtProvider.jwt(
                "https://eventhubs.azure.net/.default",
                System.currentTimeMillis() + 3_600_000L,
                "msi-" + UUID.randomUUID());
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer identity = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        identity.createContext("/msi/token", exchange -> {
            String header = exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER");
            requests.add(exchange.getRequestURI().getQuery() + " header-ok=" + identityHeader.equals(header));
            byte[] body;
            int status;
            if (identityHeader.equals(header)) {
                status = 200;
                body = ("{\"access_token\":\"" + msiToken + "\",\"expires_on\":\""
                                + (System.currentTimeMillis() / 1000 + 3600)
                                + "\",\"resource\":\"https://eventhubs.azure.net\","
                                + "\"token_type\":\"Bearer\",\"client_id\":\"00000000-0000-0000-0000-000000000001\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 401;
                body = "{\"error\":\"missing header\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        identity.start();
        try {
            String endpoint = "http://127.0.0.1:" + identity.getAddress().getPort() + "/msi/token";
            Path log = dir.resolve("child.log");
            int exit = runChild(endpoint, identityHeader, hubs.connectionString(), hub, log);
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            assertThat(exit).as("child JVM exit; output:%n%s", output).isZero();
            assertThat(output).contains("COUNT=6");
            assertThat(output).doesNotContain(msiToken).doesNotContain(identityHeader);
        } finally {
            identity.stop(0);
        }
        assertThat(requests)
                .isNotEmpty()
                .allMatch(r -> r.contains("resource=https")
                        && r.contains("eventhubs.azure.net")
                        && r.endsWith("header-ok=true"));
        assertThat(seen)
                .contains(partitionAudience(hub, 0) + " " + msiToken, partitionAudience(hub, 1) + " " + msiToken);
        assertThat(jwtTokens(hub)).extracting(PutToken::audience).contains(partitionAudience(hub, 0));
        assertThat(jwtTokens(hub)).allMatch(PutToken::accepted);
    }

    private static int runChild(
            String identityEndpoint, String identityHeader, String connectionString, String hub, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")
                    || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || arg.startsWith("-Djdk.reflect")
                    || arg.startsWith("-Dio.netty")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(ManagedIdentityMain.class.getName());
        command.add(connectionString);
        command.add(hub);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(k -> k.startsWith("AZURE_")
                        || k.startsWith("MSI_")
                        || k.startsWith("IDENTITY_")
                        || k.equals("IMDS_ENDPOINT"));
        env.put("IDENTITY_ENDPOINT", identityEndpoint);
        env.put("IDENTITY_HEADER", identityHeader);
        Process process = builder.start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The child JVM did not finish within 150 s");
        }
        return process.exitValue();
    }
}

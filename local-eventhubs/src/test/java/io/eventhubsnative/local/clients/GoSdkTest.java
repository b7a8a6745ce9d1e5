package io.eventhubsnative.local.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official Go SDK ({@code azeventhubs/v2}, on go-amqp, an AMQP stack of its own) against the endpoint, as a user
 * runs it: {@code src/test/go/sdk_test.go} under {@code go test}, its modules fetched by the go command from the
 * committed {@code go.mod} and {@code go.sum}.
 */
@Timeout(600)
class GoSdkTest {

    @Test
    void theGoSdkSendsReceivesAndReadsPropertiesAsAgainstTheService() throws Exception {
        Path sources = Path.of("src", "test", "go").toAbsolutePath();
        // A second endpoint serves TLS, as the service does, for clients signing in with a token credential, over AMQP
        // and over WebSockets; the test trusts its certificate through tls.Config.RootCAs, as a user would.
        SelfSignedCertificate certificate = SelfSignedCertificate.create(Files.createTempDirectory("go-sdk-tls"));
        try (LocalEventHubs hubs =
                        SdkEndpoints.hubs("go").hub("go-processor", 3).start();
                LocalEventHubs tls = LocalEventHubs.builder()
                        .hub("go-jwt", 1)
                        .hub("go-websockets", 1)
                        .tls(certificate.serverContext())
                        .start()) {
            String output = ClientProcess.run(
                    List.of("go", "test", "-count=1", "-v", "."),
                    sources,
                    Map.of(
                            "CONNECTION_STRING", hubs.connectionString(),
                            "TLS_ENDPOINT", "localhost:" + tls.port(),
                            "TLS_CA", certificate.pem().toString()),
                    "go test in " + sources);
            // go test exits 0 only when all passed (ClientProcess checks); the verbose lines show they ran.
            assertThat(output.split("--- PASS: ", -1)).hasSize(12 + 1);
            assertThat(output).doesNotContain("--- FAIL").doesNotContain("--- SKIP");
            SdkEndpoints.assertSignedInWithJwt(tls, "go-jwt");
        }
    }
}

package io.eventhubsnative.local.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official JavaScript SDK ({@code @azure/event-hubs}, on rhea) against the endpoint, as a user runs it:
 * {@code src/test/js/test_js_sdk.mjs} under {@code node --test}, its packages installed by {@code npm ci} from the
 * committed lock file into {@code .venvs/js-event-hubs}.
 */
@Timeout(600)
class JsSdkTest {

    @Test
    void theJavaScriptSdkSendsReceivesAndReadsPropertiesAsAgainstTheService() throws Exception {
        Path sources = Path.of("src", "test", "js").toAbsolutePath();
        Path project = Path.of("..", ".venvs", "js-event-hubs").toAbsolutePath().normalize();
        Files.createDirectories(project);
        for (String file : List.of("package.json", "package-lock.json", "test_js_sdk.mjs")) {
            Files.copy(sources.resolve(file), project.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path installed = project.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.exists(installed)
                || Files.getLastModifiedTime(installed).toMillis()
                        < Files.getLastModifiedTime(sources.resolve("package-lock.json"))
                                .toMillis()) {
            ClientProcess.run(
                    List.of("npm", "ci", "--no-audit", "--no-fund"), project, Map.of(), "npm ci in " + project);
        }
        // A second endpoint serves TLS, as the service does, for a client signing in with a token credential; node
        // trusts its certificate through NODE_EXTRA_CA_CERTS, as a user would.
        SelfSignedCertificate certificate = SelfSignedCertificate.create(Files.createTempDirectory("js-sdk-tls"));
        try (LocalEventHubs hubs = SdkEndpoints.hubs("js").start();
                LocalEventHubs tls = LocalEventHubs.builder()
                        .hub("js-jwt", 1)
                        .tls(certificate.serverContext())
                        .start()) {
            String output = ClientProcess.run(
                    List.of("node", "--test", "test_js_sdk.mjs"),
                    project,
                    Map.of(
                            "CONNECTION_STRING", hubs.connectionString(),
                            "TLS_ENDPOINT", "https://localhost:" + tls.port(),
                            "NODE_EXTRA_CA_CERTS", certificate.pem().toString()),
                    "node --test test_js_sdk.mjs");
            // node exits 0 only when all passed (ClientProcess checks); the summary shows they ran.
            assertThat(output).contains("# pass 10").contains("# fail 0");
            SdkEndpoints.assertSignedInWithJwt(tls, "js-jwt");
        }
    }
}

package io.eventhubsnative.local.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.LocalEventHubs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official Python SDK ({@code azure-eventhub}, with its own AMQP stack) against the endpoint, as a user runs it:
 * {@code src/test/python/test_python_sdk.py} under pytest, in a virtual environment under {@code .venvs/}.
 */
@Timeout(600)
class PythonSdkTest {

    @Test
    void thePythonSdkSendsReceivesAndReadsPropertiesAsAgainstTheService() throws Exception {
        Path python = Path.of("src", "test", "python").toAbsolutePath();
        Path venv = Path.of("..", ".venvs", "azure-eventhub").toAbsolutePath().normalize();
        ClientProcess.run(
                List.of("bash", python.resolve("setup-venv.sh").toString(), venv.toString()),
                python,
                Map.of(),
                "creating " + venv);
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                .hub("py-props", 3)
                .hub("py-send", 2)
                .hub("py-jwt", 1)
                .hub("py-key", 3)
                .hub("py-positions", 1)
                .hub("py-epoch", 1)
                .start()) {
            String output = ClientProcess.run(
                    List.of(
                            venv.resolve("bin").resolve("python").toString(),
                            "-m",
                            "pytest",
                            "-q",
                            "-p",
                            "no:cacheprovider",
                            "test_python_sdk.py"),
                    python,
                    Map.of("CONNECTION_STRING", hubs.connectionString()),
                    "pytest test_python_sdk.py");
            // pytest exits 0 only when all passed (ClientProcess checks); the summary shows they ran.
            assertThat(output).containsPattern("\\b10 passed\\b").doesNotContainPattern("\\d+ (failed|errors?)\\b");
        }
    }
}

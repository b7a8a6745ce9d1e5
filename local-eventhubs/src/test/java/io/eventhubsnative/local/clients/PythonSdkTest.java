package io.eventhubsnative.local.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.serializer.TypeReference;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SchemaRegistryClients;
import io.eventhubsnative.local.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
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
        SelfSignedCertificate certificate =
                SelfSignedCertificate.create(Files.createTempDirectory("python-sdk-registry"));
        try (LocalEventHubs hubs = SdkEndpoints.hubs("py")
                .hub("py-jwt", 1)
                .hub("py-avro", 1)
                .schemaRegistry(certificate.serverContext(), "py-schemas")
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
                    Map.of(
                            "CONNECTION_STRING", hubs.connectionString(),
                            "REGISTRY_NAMESPACE", hubs.schemaRegistryNamespace(),
                            "REGISTRY_CA", certificate.pem().toString()),
                    "pytest test_python_sdk.py");
            // pytest exits 0 only when all passed (ClientProcess checks); the summary shows they ran.
            assertThat(output).containsPattern("\\b11 passed\\b").doesNotContainPattern("\\d+ (failed|errors?)\\b");

            // What Python's AvroEncoder wrote, the Java serializer reads: the registry is one for both.
            try (EventHubConsumerClient consumer = new EventHubClientBuilder()
                    .connectionString(hubs.connectionString("py-avro"))
                    .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
                    .buildConsumerClient()) {
                List<PartitionEvent> events = new ArrayList<>();
                consumer.receiveFromPartition("0", 1, EventPosition.earliest(), Duration.ofSeconds(30))
                        .forEach(events::add);
                assertThat(events).hasSize(1);
                GenericRecord record = SchemaRegistryClients.serializer(
                                SchemaRegistryClients.client(hubs, certificate), "py-schemas")
                        .deserialize(events.get(0).getData(), TypeReference.createInstance(GenericRecord.class));
                assertThat(record.get("device").toString()).isEqualTo("py-7");
                assertThat(record.get("temperature")).isEqualTo(19.25);
            }
        }
    }
}

package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SelfSignedCertificate;
import io.eventhubsnative.spark.avro.RegistrySchemas;
import io.eventhubsnative.spark.config.RegistryOptions;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector's way to the Schema Registry (issue 17's first part): schemas fetched by id over HTTPS with the hub's
 * own sign-in, once per JVM, and errors that say what is wrong without the key.
 */
@Timeout(120)
class SchemaRegistryAccessTest {

    private static final String KEY = "UmVnaXN0cnlLZXlGb3JUZXN0cz09PQ==";
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":[{\"name\":\"device\",\"type\":\"string\"}]}";

    private static SelfSignedCertificate certificate;
    private static LocalEventHubs hubs;

    @BeforeAll
    static void start() throws Exception {
        certificate = SelfSignedCertificate.create(Files.createTempDirectory("registry-access"));
        hubs = LocalEventHubs.builder()
                .sharedAccessKey("registry", KEY)
                .hub("unused", 1)
                .schemaRegistry(certificate.serverContext(), "telemetry")
                .start();
    }

    @AfterAll
    static void stop() {
        hubs.close();
    }

    private static Map<String, String> options(String connectionString) {
        Map<String, String> options = new HashMap<>();
        options.put("eventhubs.connectionString", connectionString);
        options.put("eventhubs.schemaRegistry.namespace", hubs.schemaRegistryNamespace());
        options.put(
                "eventhubs.schemaRegistry.trustCertificate", certificate.pem().toString());
        options.put("eventhubs.operationTimeout", "10s");
        options.put("eventhubs.maxRetries", "1");
        return options;
    }

    @Test
    void aSchemaIsFetchedOncePerJvmWithTheHubsSasKey() {
        String id =
                hubs.schemas().register("telemetry", "Reading", "Avro", SCHEMA).id();
        RegistryOptions options = RegistryOptions.parse(options(hubs.connectionString()));
        long before = hubs.counters().registryRequests();

        for (int i = 0; i < 100; i++) {
            assertThat(RegistrySchemas.schema(options, id)).isEqualTo(SCHEMA);
        }

        assertThat(hubs.counters().registryRequests() - before)
                .as("requests to the registry")
                .isEqualTo(1);
    }

    @Test
    void entraIdTokensOfTheUsersProviderSignInAndARefusedOneNamesTheRole() {
        hubs.jwtValidator(
                (token, audience) -> !FakeJwtProvider.signatureOf(token).equals("forged"));
        String id = hubs.schemas()
                .register("telemetry", "Entra", "Avro", SCHEMA.replace("Reading", "Entra"))
                .id();
        Map<String, String> entra = new HashMap<>();
        entra.put("eventhubs.schemaRegistry.namespace", hubs.schemaRegistryNamespace());
        entra.put("eventhubs.schemaRegistry.trustCertificate", certificate.pem().toString());
        entra.put("eventhubs.auth", "credentialProvider");
        entra.put("eventhubs.credentialProvider", FakeJwtProvider.class.getName());
        int issued = FakeJwtProvider.ISSUED.size();

        assertThat(RegistrySchemas.schema(RegistryOptions.parse(entra), id))
                .isEqualTo(SCHEMA.replace("Reading", "Entra"));
        assertThat(FakeJwtProvider.ISSUED.size())
                .as("tokens the provider handed out")
                .isGreaterThan(issued);

        entra.put(FakeJwtProvider.SIGNATURE, "forged");
        String other = hubs.schemas()
                .register("telemetry", "Forged", "Avro", SCHEMA.replace("Reading", "Forged"))
                .id();
        assertThatThrownBy(() -> RegistrySchemas.schema(RegistryOptions.parse(entra), other))
                .hasMessageContaining("refused the sign-in")
                .hasMessageContaining("401")
                .hasMessageContaining("'Schema Registry Reader'");
    }

    @Test
    void anUnknownIdIsNamedWithTheNamespace() {
        RegistryOptions options = RegistryOptions.parse(options(hubs.connectionString()));
        assertThatThrownBy(() -> RegistrySchemas.schema(options, "00000000000000000000000000000000"))
                .hasMessageContaining("Schema id 00000000000000000000000000000000 is not in the Schema Registry of"
                        + " namespace '" + hubs.schemaRegistryNamespace() + "'")
                .hasMessageContaining("404")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void aWrongKeyIsRefusedWithoutShowingIt() {
        String wrongKey = "V3JvbmdLZXlGb3JUaGVSZWdpc3RyeT0=";
        String id = hubs.schemas()
                .register("telemetry", "Other", "Avro", SCHEMA.replace("Reading", "Other"))
                .id();
        RegistryOptions options =
                RegistryOptions.parse(options(hubs.connectionString().replace(KEY, wrongKey)));
        assertThatThrownBy(() -> RegistrySchemas.schema(options, id))
                .hasMessageContaining("refused the sign-in")
                .hasMessageContaining("401")
                .hasMessageContaining("eventhubs.connectionString")
                .hasMessageNotContaining(wrongKey)
                .hasMessageNotContaining(KEY);
    }

    @Test
    void anUnreachableRegistryFailsNamingTheOption() throws Exception {
        Map<String, String> unreachable = options(hubs.connectionString());
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            unreachable.put("eventhubs.schemaRegistry.namespace", "localhost:" + closed.getLocalPort());
        }
        unreachable.put("eventhubs.maxRetries", "0");
        RegistryOptions options = RegistryOptions.parse(unreachable);
        assertThatThrownBy(() -> RegistrySchemas.schema(options, "0123"))
                .hasMessageContaining("Could not reach the Schema Registry")
                .hasMessageContaining("eventhubs.schemaRegistry.namespace")
                .hasMessageNotContaining(KEY);
    }
}

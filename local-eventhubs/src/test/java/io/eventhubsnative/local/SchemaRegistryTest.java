package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.serializer.TypeReference;
import com.azure.data.schemaregistry.SchemaRegistryAsyncClient;
import com.azure.data.schemaregistry.apacheavro.SchemaRegistryApacheAvroSerializer;
import com.azure.data.schemaregistry.models.SchemaFormat;
import com.azure.data.schemaregistry.models.SchemaProperties;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.nio.file.Files;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Schema Registry's REST surface against the official clients: {@code SchemaRegistryAsyncClient} 1.4 and the
 * Avro serializer producers use, signing in with a token over HTTPS, events carried through the hub.
 */
@Timeout(120)
class SchemaRegistryTest {

    private static final String GROUP = "telemetry-schemas";
    private static final Schema READING = new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
                    + "{\"name\":\"device\",\"type\":\"string\"},{\"name\":\"temperature\",\"type\":\"double\"}]}");

    private static LocalEventHubs hubs;
    private static SchemaRegistryAsyncClient registry;

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(Files.createTempDirectory("registry-tls"));
        hubs = LocalEventHubs.builder()
                .hub("telemetry", 2)
                .schemaRegistry(certificate.serverContext(), GROUP)
                .start();
        registry = SchemaRegistryClients.client(hubs, certificate);
    }

    @AfterAll
    static void stop() {
        hubs.close();
    }

    private static SchemaRegistryApacheAvroSerializer serializer() {
        return SchemaRegistryClients.serializer(registry, GROUP);
    }

    private static GenericRecord reading(String device, double temperature) {
        GenericRecord record = new GenericData.Record(READING);
        record.put("device", device);
        record.put("temperature", temperature);
        return record;
    }

    @Test
    void theOfficialSerializerRegistersItsSchemaAndReadsItsEventsBackThroughTheHub() {
        SchemaRegistryApacheAvroSerializer serializer = serializer();
        EventData event =
                serializer.serialize(reading("device-7", 21.5), TypeReference.createInstance(EventData.class));

        assertThat(event.getContentType()).matches("avro/binary\\+[0-9a-f]{32}");
        String id = event.getContentType().substring("avro/binary+".length());
        assertThat(hubs.schemas().byId(id)).hasValueSatisfying(schema -> {
            assertThat(schema.group()).isEqualTo(GROUP);
            assertThat(schema.name()).isEqualTo("iot.Reading");
            assertThat(new Schema.Parser().parse(schema.content())).isEqualTo(READING);
        });

        try (EventHubProducerClient producer = Sdk.builder(hubs, "telemetry").buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, "telemetry").buildConsumerClient()) {
            producer.send(List.of(event), new SendOptions().setPartitionId("1"));
            EventData received = Sdk.receive(consumer, "1", 1, EventPosition.earliest())
                    .get(0)
                    .getData();
            assertThat(received.getContentType()).isEqualTo(event.getContentType());
            // A fresh serializer has no cached schema: it asks the registry for the id.
            GenericRecord back = serializer().deserialize(received, TypeReference.createInstance(GenericRecord.class));
            assertThat(back.get("device").toString()).isEqualTo("device-7");
            assertThat(back.get("temperature")).isEqualTo(21.5);
        }
        assertThat(SchemaRegistryClients.TOKENS.get())
                .as("tokens the client asked for")
                .isPositive();
    }

    @Test
    void theSameContentKeepsItsIdAndNewContentIsTheNextVersion() {
        String v1 = "{\"type\":\"record\",\"name\":\"Versioned\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        String v2 = "{\"type\":\"record\",\"name\":\"Versioned\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}]}";
        SchemaProperties first = registry.registerSchema(GROUP, "Versioned", v1, SchemaFormat.AVRO)
                .block();
        SchemaProperties again = registry.registerSchema(GROUP, "Versioned", v1, SchemaFormat.AVRO)
                .block();
        SchemaProperties second = registry.registerSchema(GROUP, "Versioned", v2, SchemaFormat.AVRO)
                .block();
        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(second.getVersion()).isEqualTo(2);
        assertThat(second.getId()).isNotEqualTo(first.getId());
        assertThat(registry.getSchemaProperties(GROUP, "Versioned", v2, SchemaFormat.AVRO)
                        .block()
                        .getId())
                .isEqualTo(second.getId());
        assertThat(registry.getSchema(GROUP, "Versioned", 1).block().getDefinition())
                .isEqualTo(v1);
        assertThat(registry.getSchema(second.getId()).block().getProperties().getVersion())
                .isEqualTo(2);
    }

    @Test
    void unknownIdsAndGroupsAreNotFoundAndARefusedTokenIsUnauthorized() {
        assertThatThrownBy(() ->
                        registry.getSchema("0123456789abcdef0123456789abcdef").block())
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("0123456789abcdef0123456789abcdef");
        // The client maps a 404 on register to its generic HTTP error, with the service's text.
        assertThatThrownBy(() -> registry.registerSchema("no-such-group", "X", READING.toString(), SchemaFormat.AVRO)
                        .block())
                .isInstanceOfSatisfying(
                        HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(404))
                .hasMessageContaining("Schema group 'no-such-group' does not exist.");
        hubs.jwtValidator((token, audience) -> false);
        try {
            assertThatThrownBy(() -> registry.getSchema(GROUP, "Versioned", 1).block())
                    .isInstanceOfSatisfying(
                            HttpResponseException.class,
                            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(401))
                    .hasMessageContaining("the bearer token was rejected");
        } finally {
            hubs.jwtValidator(JwtValidator.ACCEPT_ALL);
        }
    }
}

package io.eventhubsnative.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.models.MessageContent;
import com.azure.core.util.BinaryData;
import com.azure.core.util.serializer.TypeReference;
import com.azure.data.schemaregistry.SchemaRegistryAsyncClient;
import com.azure.data.schemaregistry.apacheavro.SchemaRegistryApacheAvroSerializer;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import io.eventhubsnative.examples.AvroTelemetry.Registry;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SchemaRegistryClients;
import io.eventhubsnative.local.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipeline 8 as it runs: producers write with the official Java serializer (two versions of the schema), the job
 * decodes them into Delta, and its hot readings decode with the official deserializer.
 */
class AvroTelemetryTest {

    private static final String V1 = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
            + "{\"name\":\"device\",\"type\":\"string\"},{\"name\":\"temperature\",\"type\":\"double\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
            + "{\"name\":\"device\",\"type\":\"string\"},{\"name\":\"temperature\",\"type\":\"double\"},"
            + "{\"name\":\"site\",\"type\":\"string\",\"default\":\"unknown\"}]}";

    private static SelfSignedCertificate certificate;
    private static LocalEventHubs endpoint;
    private static SparkSession spark;
    private static SchemaRegistryApacheAvroSerializer serializer;

    @BeforeAll
    static void start() throws Exception {
        certificate = SelfSignedCertificate.create(Files.createTempDirectory("avro-telemetry"));
        endpoint = LocalEventHubs.builder()
                .hub("telemetry", 4)
                .hub("alerts", 2)
                .schemaRegistry(certificate.serverContext(), "telemetry")
                .start();
        spark = Examples.session("avro-telemetry-test");
        SchemaRegistryAsyncClient client = SchemaRegistryClients.client(endpoint, certificate);
        serializer = SchemaRegistryClients.serializer(client, "telemetry");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        endpoint.close();
    }

    private static EventHub hub(String name) {
        return new EventHub(endpoint.connectionString(), name);
    }

    private static Registry registry() {
        return new Registry(
                "telemetry",
                Map.of(
                        "eventhubs.schemaRegistry.namespace", endpoint.schemaRegistryNamespace(),
                        "eventhubs.schemaRegistry.trustCertificate",
                                certificate.pem().toString()));
    }

    /** {@code count} readings serialized by the official serializer; v2 ones carry a site. */
    private static void produce(int from, int count, String schemaJson) {
        Schema schema = new Schema.Parser().parse(schemaJson);
        List<EventData> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            GenericRecord reading = new GenericData.Record(schema);
            reading.put("device", "device-" + i % 10);
            reading.put("temperature", 15.0 + i % 20);
            if (schema.getField("site") != null) {
                reading.put("site", "plant-" + i % 3);
            }
            events.add(serializer.serialize(reading, TypeReference.createInstance(EventData.class)));
        }
        try (EventHubProducerClient producer = new EventHubClientBuilder()
                .connectionString(endpoint.connectionString("telemetry"))
                .buildProducerClient()) {
            producer.send(events);
        }
    }

    @Test
    void officialSerializerEventsLandInDeltaAndHotReadingsDecodeWithTheOfficialDeserializer(@TempDir Path dir)
            throws Exception {
        produce(0, 600, V1);
        produce(600, 400, V2);
        String table = dir.resolve("readings").toString();
        StreamingQuery query = AvroTelemetry.toDelta(
                spark, hub("telemetry"), registry(), table, dir.resolve("c1").toString(), Trigger.AvailableNow());
        query.awaitTermination();
        StreamingQuery hot = AvroTelemetry.hotReadings(
                spark,
                hub("telemetry"),
                hub("alerts"),
                registry(),
                32.0,
                dir.resolve("c2").toString(),
                Trigger.AvailableNow());
        hot.awaitTermination();

        var readings = spark.read().format("delta").load(table);
        assertThat(readings.count()).isEqualTo(1_000);
        assertThat(readings.select("partition", "sequenceNumber").distinct().count())
                .isEqualTo(1_000);
        assertThat(readings.where("site = 'unknown'").count())
                .as("v1 events read as v2, the newest registered: the default fills their site")
                .isEqualTo(600);
        assertThat(readings.where("site like 'plant-%'").count()).isEqualTo(400);
        assertThat(readings.where("device is null or temperature is null").count())
                .isZero();

        List<Row> alerts = hub("alerts")
                .read(spark)
                .load()
                .select("body", "systemProperties")
                .collectAsList();
        long expected = readings.where("temperature > 32").count();
        assertThat(expected).isEqualTo(100);
        assertThat(alerts).hasSize((int) expected);
        for (Row alert : alerts) {
            MessageContent message = new MessageContent()
                    .setBodyAsBinaryData(BinaryData.fromBytes(alert.getAs("body")))
                    .setContentType(alert.<String, String>getJavaMap(1).get("content-type"));
            GenericRecord decoded = serializer.deserialize(message, TypeReference.createInstance(GenericRecord.class));
            assertThat(decoded.getSchema().getFullName()).isEqualTo("iot.HotReading");
            assertThat((Double) decoded.get("temperature")).isGreaterThan(32.0);
            assertThat(decoded.get("device").toString()).startsWith("device-");
        }
    }
}

package io.eventhubsnative.tests;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.SendOptions;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SelfSignedCertificate;
import io.eventhubsnative.spark.avro.SchemaRegistryAvro;
import io.eventhubsnative.spark.avro.SchemaRegistryCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Events in the Schema Registry's wire format (what the official serializers write: raw Avro, the schema id in the
 * content type) decoded in Spark by the id each carries, read as a reader schema by Avro's resolution rules.
 */
@Timeout(180)
class SchemaRegistryAvroTest {

    private static final String V1 = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
            + "{\"name\":\"device\",\"type\":\"string\"},{\"name\":\"temperature\",\"type\":\"double\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
            + "{\"name\":\"device\",\"type\":\"string\"},{\"name\":\"temperature\",\"type\":\"double\"},"
            + "{\"name\":\"unit\",\"type\":\"string\",\"default\":\"C\"},"
            + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"},\"default\":[]},"
            + "{\"name\":\"battery\",\"type\":[\"null\",\"int\"],\"default\":null}]}";

    private static SelfSignedCertificate certificate;
    private static LocalEventHubs hubs;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        certificate = SelfSignedCertificate.create(Files.createTempDirectory("registry-avro"));
        hubs = LocalEventHubs.builder()
                .hub("readings", 1)
                .hub("broken", 1)
                .hub("sunk", 1)
                .hub("encoded", 1)
                .hub("refused", 1)
                .hub("fromsql", 1)
                .schemaRegistry(certificate.serverContext(), "telemetry")
                .start();
        spark = SparkSessions.shared();
        String v1 =
                hubs.schemas().register("telemetry", "iot.Reading", "Avro", V1).id();
        String v2 =
                hubs.schemas().register("telemetry", "iot.Reading", "Avro", V2).id();
        List<EventData> events = new ArrayList<>();
        events.add(event(v1, V1, "device-1", 20.5, null));
        events.add(event(v2, V2, "device-2", 21.0, "F"));
        send("readings", events);
        List<EventData> broken = new ArrayList<>();
        broken.add(event(v1, V1, "fine", 1.0, null));
        EventData garbage = new EventData(new byte[] {1, 2, 3});
        garbage.setContentType("avro/binary+" + v1);
        broken.add(garbage);
        EventData unknown = new EventData(new byte[] {0});
        unknown.setContentType("avro/binary+00000000000000000000000000000000");
        broken.add(unknown);
        send("broken", broken);
    }

    @AfterAll
    static void stop() {
        hubs.close();
    }

    private static EventData event(String id, String schemaJson, String device, double temperature, String unit)
            throws IOException {
        Schema schema = new Schema.Parser().parse(schemaJson);
        GenericRecord record = new GenericData.Record(schema);
        record.put("device", device);
        record.put("temperature", temperature);
        if (unit != null) {
            record.put("unit", unit);
            record.put("tags", List.of("roof", "north"));
            record.put("battery", 87);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        EventData event = new EventData(bytes.toByteArray());
        event.setContentType("avro/binary+" + id);
        return event;
    }

    private static void send(String hub, List<EventData> events) {
        try (EventHubProducerClient producer = new EventHubClientBuilder()
                .connectionString(hubs.connectionString(hub))
                .buildProducerClient()) {
            producer.send(events, new SendOptions().setPartitionId("0"));
        }
    }

    private static Map<String, String> options(String hub) {
        Map<String, String> options = new HashMap<>();
        options.put("eventhubs.connectionString", hubs.connectionString());
        options.put("eventhubs.name", hub);
        options.put("eventhubs.schemaRegistry.namespace", hubs.schemaRegistryNamespace());
        options.put(
                "eventhubs.schemaRegistry.trustCertificate", certificate.pem().toString());
        return options;
    }

    private static Dataset<Row> decoded(String hub, String readerSchema, Map<String, String> options) {
        return spark.read()
                .format("eventhubs-native")
                .options(options)
                .load()
                .select(SchemaRegistryAvro.fromAvro(
                                col("body"), col("systemProperties").getItem("content-type"), readerSchema, options)
                        .as("reading"))
                .select("reading.*");
    }

    @Test
    void eventsOfBothVersionsReadUnderTheNewerSchemaWithDefaults() {
        List<Row> rows = decoded("readings", V2, options("readings")).collectAsList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).<String>getAs("device")).isEqualTo("device-1");
        assertThat(rows.get(0).<String>getAs("unit"))
                .as("the default of a field v1 lacks")
                .isEqualTo("C");
        assertThat(rows.get(0).getList(rows.get(0).fieldIndex("tags"))).isEmpty();
        assertThat(rows.get(0).isNullAt(rows.get(0).fieldIndex("battery"))).isTrue();
        assertThat(rows.get(1).<String>getAs("unit")).isEqualTo("F");
        assertThat(rows.get(1).getList(rows.get(1).fieldIndex("tags"))).containsExactly("roof", "north");
        assertThat(rows.get(1).<Integer>getAs("battery")).isEqualTo(87);
        assertThat(rows.get(1).<Double>getAs("temperature")).isEqualTo(21.0);
    }

    @Test
    void eventsOfBothVersionsReadUnderTheOlderSchema() {
        Dataset<Row> rows = decoded("readings", V1, options("readings"));
        assertThat(rows.columns()).containsExactly("device", "temperature");
        assertThat(rows.collectAsList())
                .extracting(row -> row.getString(0) + "=" + row.getDouble(1))
                .containsExactly("device-1=20.5", "device-2=21.0");
    }

    @Test
    void undecodableEventsFailNamingTheSchemaIdOrAreNullWhenPermissive() {
        Map<String, String> permissive = options("broken");
        permissive.put("mode", "PERMISSIVE");
        List<Row> rows = spark.read()
                .format("eventhubs-native")
                .options(permissive)
                .load()
                .select(SchemaRegistryAvro.fromAvro(
                                col("body"), col("systemProperties").getItem("content-type"), V1, permissive)
                        .as("reading"))
                .collectAsList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getStruct(0).getString(0)).isEqualTo("fine");
        assertThat(rows.get(1).isNullAt(0)).as("malformed bytes").isTrue();
        assertThat(rows.get(2).isNullAt(0)).as("an unknown schema id").isTrue();

        assertThatThrownBy(() -> decoded("broken", V1, options("broken")).collectAsList())
                .satisfies(error -> assertThat(EndToEndTest.fullText(error))
                        .contains("Could not decode an event written with schema id")
                        .contains("mode=PERMISSIVE"));
    }

    private static Dataset<Row> readWith(String hub, Map<String, String> decoding) {
        Map<String, String> options = options(hub);
        options.putAll(decoding);
        return spark.read().format("eventhubs-native").options(options).load();
    }

    @Test
    void aReadDecodesWithTheNewestRegisteredSchemaWhenGivenItsGroupAndName() {
        Dataset<Row> read = readWith(
                "readings",
                Map.of(
                        "eventhubs.schemaRegistry.schemaGroup", "telemetry",
                        "eventhubs.schemaRegistry.schemaName", "iot.Reading"));
        assertThat(read.schema().fieldNames()).endsWith("value", "valueError");
        List<Row> rows = read.select("value.device", "value.unit", "value.battery", "valueError")
                .collectAsList();
        assertThat(rows).extracting(Row::toString).containsExactly("[device-1,C,null,null]", "[device-2,F,87,null]");
    }

    @Test
    void aReadDecodesWithAGivenReaderSchemaFromSql() {
        Map<String, String> options = options("readings");
        options.put("eventhubs.schemaRegistry.readerSchema", V1);
        StringBuilder sql =
                new StringBuilder("CREATE OR REPLACE TEMPORARY VIEW readings USING `eventhubs-native` OPTIONS (");
        options.forEach((key, value) -> sql.append('`')
                .append(key)
                .append("` '")
                .append(value.replace("\\", "\\\\").replace("'", "\\'"))
                .append("', "));
        spark.sql(sql.substring(0, sql.length() - 2) + ")");
        assertThat(spark.sql("SELECT value.device, value.temperature FROM readings ORDER BY sequenceNumber")
                        .collectAsList())
                .extracting(Row::toString)
                .containsExactly("[device-1,20.5]", "[device-2,21.0]");
    }

    @Test
    void aReadFailsNamingTheEventOrKeepsTheReasonWhenPermissive() {
        List<Row> rows = readWith(
                        "broken",
                        Map.of(
                                "eventhubs.schemaRegistry.readerSchema",
                                V1,
                                "eventhubs.schemaRegistry.mode",
                                "permissive"))
                .select("value.device", "valueError")
                .collectAsList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).toString()).isEqualTo("[fine,null]");
        assertThat(rows.get(1).isNullAt(0)).isTrue();
        assertThat(rows.get(1).getString(1)).startsWith("written with schema id ");
        assertThat(rows.get(2).getString(1)).contains("00000000000000000000000000000000");

        Dataset<Row> failing = readWith("broken", Map.of("eventhubs.schemaRegistry.readerSchema", V1));
        assertThatThrownBy(failing::collectAsList)
                .satisfies(error -> assertThat(EndToEndTest.fullText(error))
                        .contains("Could not decode the event at sequence number 1 of partition 0 written with"
                                + " schema id")
                        .contains("'eventhubs.schemaRegistry.mode' to PERMISSIVE"));
    }

    @Test
    void decodingOptionsAreCheckedAtLoad() {
        assertThatThrownBy(() -> readWith(
                        "readings",
                        Map.of(
                                "eventhubs.schemaRegistry.schemaGroup", "telemetry",
                                "eventhubs.schemaRegistry.schemaName", "iot.Nothing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Schema 'iot.Nothing' of group 'telemetry' is not in")
                .hasMessageContaining("eventhubs.schemaRegistry.schemaName");
        assertThatThrownBy(() -> readWith("readings", Map.of("eventhubs.schemaRegistry.readerSchema", "{\"type\":")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eventhubs.schemaRegistry.readerSchema' must be an Avro schema in JSON");
        assertThatThrownBy(() -> readWith("readings", Map.of("eventhubs.schemaRegistry.schemaGroup", "telemetry")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("go together");
    }

    @Test
    void theSinkEncodesAValueStructThatDecodingOnReadGivesBack() {
        Map<String, String> write = options("encoded");
        write.put("eventhubs.schemaRegistry.writerSchema", V2);
        write.put("eventhubs.schemaRegistry.schemaGroup", "telemetry");
        writeValues(
                "SELECT named_struct('device', 'd-' || id, 'temperature', id * 1.5D, 'tags', array('a', 'b'),"
                        + " 'battery', IF(id = 1, NULL, CAST(id AS INT)), 'unit', 'K') AS value FROM range(3)",
                write);

        Map<String, String> read = options("encoded");
        read.put("eventhubs.schemaRegistry.readerSchema", V2);
        Dataset<Row> events =
                spark.read().format("eventhubs-native").options(read).load();
        assertThat(events.select("systemProperties").collectAsList())
                .allSatisfy(row -> assertThat(row.getJavaMap(0).get("content-type"))
                        .isEqualTo("avro/binary+"
                                + hubs.schemas()
                                        .register("telemetry", "iot.Reading", "Avro", V2)
                                        .id()));
        assertThat(events.selectExpr(
                                "value.device",
                                "value.temperature",
                                "value.unit",
                                "array_join(value.tags, '+')",
                                "value.battery")
                        .collectAsList())
                .extracting(Row::toString)
                .containsExactlyInAnyOrder("[d-0,0.0,K,a+b,0]", "[d-1,1.5,K,a+b,null]", "[d-2,3.0,K,a+b,2]");
    }

    @Test
    void theRegistrysSchemasAreSqlFunctionsThatDecodeAndEncode() {
        spark.conf().set("spark.sql.catalog.registry", SchemaRegistryCatalog.class.getName());
        options("readings").forEach((key, value) -> spark.conf().set("spark.sql.catalog.registry." + key, value));
        spark.read()
                .format("eventhubs-native")
                .options(options("readings"))
                .load()
                .createOrReplaceTempView("raw_readings");
        assertThat(spark.sql("SELECT r.device, r.unit FROM (SELECT registry.telemetry.`iot.Reading`(body,"
                                + " systemProperties['content-type']) AS r, sequenceNumber FROM raw_readings)"
                                + " ORDER BY sequenceNumber")
                        .collectAsList())
                .extracting(Row::toString)
                .as("both versions read as the newest, V2")
                .containsExactly("[device-1,C]", "[device-2,F]");

        writeValues(
                "SELECT e.body, e.contentType FROM (SELECT registry.telemetry.`iot.Reading`(named_struct('device',"
                        + " 'sql-' || id, 'temperature', 1.5D, 'unit', 'K', 'tags', array('x'), 'battery',"
                        + " CAST(NULL AS INT))) AS e FROM range(2))",
                options("fromsql"));
        Map<String, String> read = options("fromsql");
        read.put("eventhubs.schemaRegistry.readerSchema", V1);
        assertThat(spark.read()
                        .format("eventhubs-native")
                        .options(read)
                        .load()
                        .select("value.device")
                        .collectAsList())
                .extracting(row -> row.getString(0))
                .containsExactlyInAnyOrder("sql-0", "sql-1");

        assertThatThrownBy(() -> spark.sql("SELECT registry.telemetry.`iot.Nothing`(body) FROM raw_readings"))
                .hasMessageContaining("Schema 'iot.Nothing' of group 'telemetry' is not in");
    }

    private static void writeValues(String select, Map<String, String> options) {
        spark.sql(select)
                .write()
                .format("eventhubs-native")
                .options(options)
                .mode("append")
                .save();
    }

    @Test
    void aValueThatDoesNotFitTheWriterSchemaFailsBeforeSendingNamingTheColumn() {
        Map<String, String> write = options("refused");
        write.put("eventhubs.schemaRegistry.writerSchema", V1);
        write.put("eventhubs.schemaRegistry.schemaGroup", "telemetry");
        assertThatThrownBy(() -> writeValues(
                        "SELECT named_struct('device', 'x', 'temperature', 1.0D, 'colour', 'red') AS value", write))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column value.colour is not a field of the writer schema iot.Reading");
        assertThatThrownBy(() -> writeValues("SELECT named_struct('device', 1, 'temperature', 1.0D) AS value", write))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column value.device is int, which the writer schema's string cannot take");
        write.put("eventhubs.schemaRegistry.schemaGroup", "nonexistent");
        assertThatThrownBy(() -> writeValues("SELECT named_struct('device', 'x', 'temperature', 1.0D) AS value", write))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Schema group 'nonexistent' is not in")
                .hasMessageContaining("eventhubs.schemaRegistry.schemaGroup");
        assertThat(spark.read()
                        .format("eventhubs-native")
                        .options(options("refused"))
                        .load()
                        .count())
                .as("events sent")
                .isZero();
    }

    @Test
    void theSinkWritesTheContentTypeSoItsEventsDecodeAsTheSerializersDo() throws IOException {
        String id =
                hubs.schemas().register("telemetry", "iot.Reading", "Avro", V1).id();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EventData event = event(id, V1, "sunk-" + i, i, null);
            rows.add(org.apache.spark.sql.RowFactory.create(event.getBody(), event.getContentType()));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("body", org.apache.spark.sql.types.DataTypes.BinaryType)
                .add("contentType", org.apache.spark.sql.types.DataTypes.StringType);
        spark.createDataFrame(rows, schema)
                .write()
                .format("eventhubs-native")
                .options(options("sunk"))
                .mode("append")
                .save();
        assertThat(decoded("sunk", V1, options("sunk")).collectAsList())
                .extracting(row -> row.getString(0))
                .as("the rows' order is the tasks' (two of them)")
                .containsExactlyInAnyOrder("sunk-0", "sunk-1", "sunk-2");
    }
}

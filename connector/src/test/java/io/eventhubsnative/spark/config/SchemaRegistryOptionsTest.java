package io.eventhubsnative.spark.config;

import static io.eventhubsnative.spark.config.TestOptions.rejects;
import static io.eventhubsnative.spark.config.TestOptions.withConnectionString;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Decoding on read and encoding on write with the Schema Registry: what the options ask for, checked at load(). */
class SchemaRegistryOptionsTest {

    private static final String READING =
            "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":[{\"name\":\"device\",\"type\":\"string\"}]}";

    @Test
    void noSchemaRegistryOptionsNoDecodingNorEncoding() {
        EventHubsOptions options = EventHubsOptions.parse(withConnectionString());
        assertThat(options.decode()).isNull();
        assertThat(options.encode()).isNull();
    }

    @Test
    void aGivenReaderSchemaDecodesFailFastByDefault() {
        DecodeOptions decode = EventHubsOptions.parse(
                        withConnectionString("eventhubs.schemaRegistry.readerSchema", READING))
                .decode();
        assertThat(decode.needsLookup()).isFalse();
        assertThat(decode.readerSchema()).isEqualTo(READING);
        assertThat(decode.permissive()).isFalse();
        assertThat(decode.registry().namespace()).isEqualTo("myns.servicebus.windows.net");
    }

    @Test
    void aNamedReaderSchemaIsLookedUpLaterAndOnce() {
        EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                "eventhubs.schemaRegistry.schemaGroup", "telemetry",
                "eventhubs.schemaRegistry.schemaName", "com.contoso.Reading",
                "eventhubs.schemaRegistry.mode", "Permissive"));
        assertThat(options.decode().needsLookup()).isTrue();
        assertThat(options.decode().permissive()).isTrue();
        EventHubsOptions resolved = options.withDecode(options.decode().withReaderSchema(READING));
        assertThat(resolved.decode().readerSchema()).isEqualTo(READING);
        assertThat(resolved.eventHubName()).isEqualTo(options.eventHubName());
        assertThat(resolved.toString()).contains("readerSchema=telemetry/com.contoso.Reading, mode=PERMISSIVE");
    }

    @Test
    void aWriterSchemaWithItsGroupEncodesAndDoesNotDecode() {
        EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                "eventhubs.schemaRegistry.writerSchema", READING, "eventhubs.schemaRegistry.schemaGroup", "telemetry"));
        assertThat(options.decode()).isNull();
        assertThat(options.encode().group()).isEqualTo("telemetry");
        assertThat(options.encode().writerSchema()).isEqualTo(READING);
    }

    @Test
    void wrongCombinationsNameTheOptions() {
        rejects(
                withConnectionString("eventhubs.schemaRegistry.writerSchema", READING),
                "'eventhubs.schemaRegistry.writerSchema' needs the Schema Registry group",
                "schemaGroup");
        rejects(
                withConnectionString("eventhubs.schemaRegistry.schemaName", "com.contoso.Reading"),
                "'eventhubs.schemaRegistry.schemaGroup' and 'eventhubs.schemaRegistry.schemaName' go together");
        rejects(
                withConnectionString(
                        "eventhubs.schemaRegistry.readerSchema",
                        READING,
                        "eventhubs.schemaRegistry.schemaName",
                        "com.contoso.Reading"),
                "conflict");
        rejects(
                withConnectionString("eventhubs.schemaRegistry.mode", "PERMISSIVE"),
                "'eventhubs.schemaRegistry.mode' applies to decoding on read");
        rejects(
                withConnectionString(
                        "eventhubs.schemaRegistry.readerSchema", READING, "eventhubs.schemaRegistry.mode", "lenient"),
                "must be FAILFAST (the default) or PERMISSIVE, but got 'lenient'");
        rejects(
                withConnectionString("eventhubs.schemaRegistry.readerSchema", "\"string\""),
                "must be an Avro record schema in JSON");
        rejects(
                withConnectionString(
                        "eventhubs.schemaRegistry.writerSchema",
                        "{\"type\":",
                        "eventhubs.schemaRegistry" + ".schemaGroup",
                        "telemetry"),
                "'eventhubs.schemaRegistry.writerSchema' must be an Avro schema in JSON");
    }
}
